-- analytics.job_runs_daily: a read model of ops.job_runs, per UTC day and job (owner's rights, no
-- API role may read it: see analytics.deployments_daily).
create or replace view analytics.job_runs_daily as
select (r.started_at at time zone 'utc')::date as day,
       r.job_name,
       count(*) as runs,
       count(*) filter (where r.status = 'succeeded') as succeeded,
       count(*) filter (where r.status = 'failed') as failed,
       count(*) filter (where r.status = 'running') as running,
       round(avg(extract(epoch from r.finished_at - r.started_at)) filter (where r.finished_at is not null), 3) as avg_duration_s
from ops.job_runs r
group by 1, 2;
comment on view analytics.job_runs_daily is 'Job runs per UTC day and job: counts by status and the mean duration in seconds (read model of ops.job_runs).';
revoke all on analytics.job_runs_daily from public, anon, authenticated, service_role;
grant select on analytics.job_runs_daily to superset_reader;  -- Superset's read-only account (migration 000026)
