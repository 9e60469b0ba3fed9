-- analytics.deployments_daily: a read model of ops.deployments, per UTC day, environment and service.
-- The analytics views run with their owner's rights and no API role may read them: a read-only
-- account (the BI layer) is granted SELECT on schema analytics alone and sees aggregates, never the
-- rows of ops (docs/governance.md, "The doctrine schemas").
create or replace view analytics.deployments_daily as
select (d.started_at at time zone 'utc')::date as day,
       d.environment,
       d.service,
       count(*) as deployments,
       count(*) filter (where d.status = 'succeeded') as succeeded,
       count(*) filter (where d.status = 'failed') as failed,
       count(*) filter (where d.status = 'rolled_back') as rolled_back,
       count(*) filter (where d.status = 'started') as in_progress,
       round(avg(extract(epoch from d.finished_at - d.started_at)) filter (where d.finished_at is not null), 3) as avg_duration_s
from ops.deployments d
group by 1, 2, 3;
comment on view analytics.deployments_daily is 'Deployments per UTC day, environment and service: counts by outcome and the mean duration in seconds (read model of ops.deployments).';
revoke all on analytics.deployments_daily from public, anon, authenticated, service_role;
grant select on analytics.deployments_daily to superset_reader;  -- Superset's read-only account (migration 000026)
