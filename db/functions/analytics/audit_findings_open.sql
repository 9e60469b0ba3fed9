-- analytics.audit_findings_open: the open audit findings per source and severity (owner's rights,
-- no API role may read it: see analytics.deployments_daily).
create or replace view analytics.audit_findings_open as
select f.source,
       f.severity,
       count(*) as findings,
       sum(f.occurrences) as occurrences,
       min(f.created_at) as oldest_at,
       max(f.last_seen_at) as last_seen_at
from audit.findings f
where f.status = 'open'
group by 1, 2;
comment on view analytics.audit_findings_open is 'Open audit findings per source and severity: how many, how often seen, the oldest and the latest (read model of audit.findings).';
revoke all on analytics.audit_findings_open from public, anon, authenticated, service_role;
grant select on analytics.audit_findings_open to superset_reader;  -- Superset's read-only account (migration 000026)
