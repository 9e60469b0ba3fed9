-- advisor.lint_cron_job_failing: an enabled cron job whose latest runs failed.
create or replace function advisor._lint_cron_job_failing()
returns setof advisor.lint
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select 'cron_job_failing',
         'Cron job failing',
         case when h.consecutive_failures >= 3 then 'ERROR' else 'WARN' end,
         'INTERNAL',
         array['RELIABILITY'],
         'Detects enabled cron jobs whose most recent runs failed.',
         pg_catalog.format('Cron job %s failed %s time(s) in a row; last error: %s', h.name, h.consecutive_failures, coalesce(h.last_message, '(none)')),
         'Read cron.job_run_details for the job (ssot cron list shows the last status), fix the cause, or disable it: ssot cron disable NAME.',
         pg_catalog.jsonb_build_object('job', h.name, 'consecutive_failures', h.consecutive_failures, 'last_run_at', h.last_run_at),
         pg_catalog.format('cron_job_failing_%s', h.name)
    from ops.cron_job_health h
   where h.enabled and h.consecutive_failures > 0
   order by h.name
$$;
comment on function advisor._lint_cron_job_failing() is 'Rows of advisor.lint_cron_job_failing.';
revoke execute on function advisor._lint_cron_job_failing() from public;

create or replace view advisor.lint_cron_job_failing with (security_invoker = true) as
  select * from advisor._lint_cron_job_failing();
comment on view advisor.lint_cron_job_failing is 'Lint: enabled cron jobs failing (WARN; ERROR from 3 failures in a row).';
