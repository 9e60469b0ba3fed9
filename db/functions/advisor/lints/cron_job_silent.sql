-- advisor.lint_cron_job_silent: an enabled cron job that does not run (not in pg_cron, inactive,
-- two or more fire times without a run) or that missed runs while the server was down.
create or replace function advisor._lint_cron_job_silent()
returns setof advisor.lint
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select 'cron_job_silent',
         'Cron job silent',
         case when h.silent or (h.scheduled and not h.active) then 'WARN' else 'INFO' end,
         'INTERNAL',
         array['RELIABILITY'],
         'Detects enabled cron jobs that are not running on schedule, and runs pg_cron skipped while the server was down (it does not catch up).',
         case
           when h.scheduled and not h.active then pg_catalog.format('Cron job %s is enabled but inactive in pg_cron.', h.name)
           when h.silent then pg_catalog.format('Cron job %s should have run %s time(s) since its last run and did not.', h.name, h.expected_since_last_run)
           else pg_catalog.format('Cron job %s missed %s run(s) while the server was down.', h.name, h.missed_while_down)
         end,
         'Check that pg_cron runs (cron.database_name, the launcher in pg_stat_activity); run a missed job by hand if its work must not be skipped.',
         pg_catalog.jsonb_build_object('job', h.name, 'expected_since_last_run', h.expected_since_last_run, 'missed_while_down', h.missed_while_down),
         pg_catalog.format('cron_job_silent_%s', h.name)
    from ops.cron_job_health h
   where h.enabled and h.scheduled and (h.silent or not h.active or coalesce(h.missed_while_down, 0) > 0)
   order by h.name
$$;
comment on function advisor._lint_cron_job_silent() is 'Rows of advisor.lint_cron_job_silent.';
revoke execute on function advisor._lint_cron_job_silent() from public;

create or replace view advisor.lint_cron_job_silent with (security_invoker = true) as
  select * from advisor._lint_cron_job_silent();
comment on view advisor.lint_cron_job_silent is 'Lint: enabled cron jobs not running (WARN) or that missed runs while the server was down (INFO).';
