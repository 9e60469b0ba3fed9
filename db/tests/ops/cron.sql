-- Cron jobs as data: the four seeded schedules, reconciliation by name, enable/disable, the guard
-- for functions another migration provides, the schedule reader, and the job-health view.
-- Runs in the pg_cron database (pg_prove's), where db/cron was applied.
begin;
select plan(24);
set local client_min_messages = warning;

select results_eq(
  $$ select name, schedule, local_time, enabled from ops.cron_jobs where kind = 'n8n' order by name $$,
  $$ values ('bir-compliance-alerts'::text, '0 0 * * *'::text, 'daily 08:00 Asia/Manila'::text, false),
            ('health-check', '*/15 * * * *', 'every 15 minutes', false),
            ('ppm-reminders', '0 1 * * 1', 'Mondays 09:00 Asia/Manila', false),
            ('stale-data-cleanup', '0 18 * * *', 'daily 02:00 Asia/Manila', false) $$,
  'the four n8n jobs: UTC schedules of 08:00 Manila daily, every 15 min, 09:00 Manila Mondays, 02:00 Manila daily; seeded disabled');
-- the UTC schedules fire exactly at the Manila times (UTC+8, no daylight saving)
select ok(ops.cron_matches('0 0 * * *', '2026-03-10 08:00 Asia/Manila') and not ops.cron_matches('0 0 * * *', '2026-03-10 09:00 Asia/Manila'), 'bir-compliance-alerts fires at 08:00 Manila');
select ok(ops.cron_matches('0 1 * * 1', '2026-03-09 09:00 Asia/Manila') and not ops.cron_matches('0 1 * * 1', '2026-03-10 09:00 Asia/Manila'), 'ppm-reminders fires Monday 09:00 Manila, not Tuesday');
select ok(ops.cron_matches('0 18 * * *', '2026-03-10 02:00 Asia/Manila'), 'stale-data-cleanup fires at 02:00 Manila');
select results_eq(
  $$ select jobname::text collate "default", schedule collate "default", active from cron.job where jobname in (select name from ops.cron_jobs where kind = 'n8n') order by jobname $$,
  $$ values ('bir-compliance-alerts'::text, '0 0 * * *'::text, false), ('health-check', '*/15 * * * *', false),
            ('ppm-reminders', '0 1 * * 1', false), ('stale-data-cleanup', '0 18 * * *', false) $$,
  'pg_cron holds each job once, inactive (ready)');

-- re-applying the declarations never duplicates a job
select ops.cron_declare('bir-compliance-alerts', '0 0 * * *', 'daily 08:00 Asia/Manila', $$select ops.cron_n8n('bir-compliance-alerts')$$, 'again');
select ops.cron_declare('bir-compliance-alerts', '0 0 * * *', 'daily 08:00 Asia/Manila', $$select ops.cron_n8n('bir-compliance-alerts')$$, 'and again');
select is((select count(*)::int from cron.job where jobname = 'bir-compliance-alerts'), 1, 'declaring twice leaves one pg_cron job');
select is((select count(*)::int from cron.job group by jobname order by 1 desc limit 1), 1, 'no job name appears twice in pg_cron');

-- enable / disable
select ops.cron_set_enabled('bir-compliance-alerts', true);
select is((select active from cron.job where jobname = 'bir-compliance-alerts'), true, 'enable makes the pg_cron job active');
select ops.cron_declare('bir-compliance-alerts', '0 0 * * *', 'daily 08:00 Asia/Manila', $$select ops.cron_n8n('bir-compliance-alerts')$$, 'redeclared');
select is((select enabled from ops.cron_jobs where name = 'bir-compliance-alerts'), true, 'a re-declaration keeps the enabled state');
select ops.cron_set_enabled('bir-compliance-alerts', false);
select is((select active from cron.job where jobname = 'bir-compliance-alerts'), false, 'disable makes it inactive again');
select throws_ok($$ select ops.cron_set_enabled('no-such-job', true) $$, 'SS303', null, 'enabling an unknown job is refused');
select throws_ok($$ select ops.cron_declare('bad', '0 25 * *', 'x', 'select 1', 'x') $$, 'SS301', null, 'a schedule that is not 5 fields is refused');
select throws_ok($$ select ops.cron_declare('leaky', '0 0 * * *', 'x', $c$select net.http_post('http://x', headers => '{"Authorization": "Bearer abcdefghijklmnopqrstuvwxyz"}')$c$, 'x') $$,
  'SS302', null, 'a literal secret in a declared command is refused');

-- a job naming a function that does not exist fails clearly at run time, not at apply time
select is((select command from cron.job where jobname = 'housekeeping-event-seals'), $$select ops.cron_call('ops.seal_events')$$, 'the seal job is declared even where the function is missing');
select throws_ok($$ select ops.cron_call('ops.no_such_function') $$, 'SS304', null, 'a missing function fails the run with SS304');
select lives_ok($$ select ops.cron_call('ops.outbox_pump') $$, 'an existing function runs');

-- the schedule reader
select ok(ops.cron_matches('*/15 * * * *', '2026-01-01 10:45Z') and not ops.cron_matches('*/15 * * * *', '2026-01-01 10:46Z'), 'steps');
select ok(ops.cron_matches('0 9 * * 1-5', '2026-01-02 09:00Z') and not ops.cron_matches('0 9 * * 1-5', '2026-01-03 09:00Z'), 'weekday ranges (Fri yes, Sat no)');
select ok(ops.cron_matches('0 0 * * 7', '2026-01-04 00:00Z'), 'day-of-week 7 is Sunday');
select is(ops.cron_matches('@daily', now()), null, 'syntax it does not read gives NULL, not false');

-- job health: failures in a row, silence, runs missed while the server was down
select ops.cron_set_enabled('health-check', true);
insert into cron.job_run_details (jobid, runid, database, username, command, status, return_message, start_time, end_time)
select j.jobid, 900000000 + g, 'x', 'x', j.command, s, m, pg_postmaster_start_time() - (interval '1 hour' * (4 - g)), pg_postmaster_start_time() - (interval '1 hour' * (4 - g)) + interval '1 second'
  from cron.job j, (values (1, 'succeeded', 'ok'), (2, 'failed', 'boom 1'), (3, 'failed', 'boom 2')) v(g, s, m)
 where j.jobname = 'health-check';
update ops.cron_jobs set enabled_changed_at = pg_postmaster_start_time() - interval '5 hours' where name = 'health-check';
select results_eq(
  $$ select last_status, consecutive_failures, last_message from ops.cron_job_health where name = 'health-check' $$,
  $$ values ('failed'::text, 2, 'boom 2'::text) $$,
  'the health view shows the last status and two failures in a row');
select ok((select missed_while_down >= 4 from ops.cron_job_health where name = 'health-check'),
  'fire times between the last run before the server started and its start are counted as missed');
select is((select level from advisor.lint_cron_job_failing where cache_key = 'cron_job_failing_health-check'), 'WARN', 'the failing-cron lint reports the job');
select is((select count(*)::int from advisor.lint_cron_job_silent where cache_key = 'cron_job_silent_health-check'), 1, 'the silent-cron lint reports the missed runs');

select * from finish();
rollback;
