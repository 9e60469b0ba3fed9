-- ops.cron_job_health: one row per declared job: whether pg_cron has it and runs it, the last run
-- and its status, consecutive failures since the last success, whether it has gone silent, and the
-- runs it missed while the server was down (pg_cron does not catch up). An outage is the gap
-- between the last pg_cron run before a start of the server and that start: every start recorded
-- in ops.server_starts (by the @reboot job housekeeping-server-start) in the last 30 days, and the
-- current start even before it is recorded. A job counts only the outages after it was enabled.
create or replace function ops.cron_job_health_rows()
returns table (
  name text, kind text, schedule text, local_time text, enabled boolean, scheduled boolean, active boolean,
  last_run_at timestamptz, last_status text, last_message text, consecutive_failures int,
  expected_since_last_run int, silent boolean, missed_while_down int
)
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  started timestamptz := pg_catalog.pg_postmaster_start_time();
  heartbeat timestamptz;
begin
  if pg_catalog.to_regclass('cron.job_run_details') is null then
    return query
      select c.name, c.kind, c.schedule, c.local_time, c.enabled, false, false, null::timestamptz, null::text, null::text,
             0, null::int, false, null::int
        from ops.cron_jobs c order by c.name;
    return;
  end if;
  -- the current start, in case the @reboot job has not recorded it (yet), or recorded it before
  -- any earlier run was known
  if not exists (select from ops.server_starts s where s.started_at = started and s.down_since is not null) then
    select max(d.start_time) into heartbeat from cron.job_run_details d where d.start_time < started;
  end if;
  return query
    with jobs as (
      select c.*, j.jobid, j.active as cron_active
        from ops.cron_jobs c left join cron.job j on j.jobname = c.name
    ), last_run as (
      select distinct on (d.jobid) d.jobid, coalesce(d.start_time, d.end_time) as start_time, d.status, d.return_message
        from cron.job_run_details d join jobs on jobs.jobid = d.jobid
       where d.status in ('succeeded', 'failed')
       order by d.jobid, d.runid desc
    )
    select jobs.name, jobs.kind, jobs.schedule, jobs.local_time, jobs.enabled,
           jobs.jobid is not null, coalesce(jobs.cron_active, false),
           lr.start_time, lr.status, pg_catalog.left(lr.return_message, 500),
           (select count(*)::int from cron.job_run_details f
             where f.jobid = jobs.jobid and f.status = 'failed'
               and f.runid > coalesce((select max(s.runid) from cron.job_run_details s
                                        where s.jobid = jobs.jobid and s.status = 'succeeded'), 0)),
           e.expected,
           -- silent: enabled, and at least two fire times went by without a run
           jobs.enabled and coalesce(jobs.cron_active, false) and coalesce(e.expected, 0) >= 2,
           case when jobs.enabled then
             (select coalesce(sum(m.n), 0)::int
                from (select o.down_since, o.started_at from ops.server_starts o
                       where o.down_since is not null and o.started_at > pg_catalog.now() - interval '30 days'
                      union all
                      select heartbeat, started where heartbeat is not null) o,
                     lateral (select count(*) as n
                                from ops.cron_fire_times(jobs.schedule, greatest(o.down_since, jobs.enabled_changed_at), o.started_at)) m
               where jobs.enabled_changed_at is null or jobs.enabled_changed_at < o.started_at) end
      from jobs
      left join last_run lr on lr.jobid = jobs.jobid
      left join lateral (
        select count(*)::int as expected
          from ops.cron_fire_times(jobs.schedule,
                 greatest(coalesce(lr.start_time, jobs.enabled_changed_at, jobs.declared_at), jobs.enabled_changed_at, started),
                 pg_catalog.now() - interval '2 minutes')
      ) e on jobs.enabled
     order by jobs.name;
end
$$;
comment on function ops.cron_job_health_rows() is 'Rows of ops.cron_job_health (reads pg_cron''s tables where pg_cron is installed).';
revoke execute on function ops.cron_job_health_rows() from public;

create or replace view ops.cron_job_health with (security_invoker = true) as
  select * from ops.cron_job_health_rows();
comment on view ops.cron_job_health is 'Per declared cron job: scheduled/active in pg_cron, last run and status, consecutive failures, fire times since the last run (silent when >= 2), runs missed while the server was down (every outage of the last 30 days).';
