-- Cron jobs as data: the four seeded schedules, reconciliation by name, enable/disable, the guard
-- for functions another migration provides, the schedule reader, and the job-health view.
-- Runs in the pg_cron database (pg_prove's), where db/cron was applied.
begin;
select plan(44);
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
-- one rule for "looks like a secret" (advisor.looks_like_secret): what the lint flags, cron_declare refuses
create temp table leaks (cmd text);
insert into leaks values
  ($c$select net.http_get('https://api.github.com', headers => '{"authorization": "token ghp_abcdefghijklmnopqrstuvwxyz0123456789"}')$c$),
  ($c$select net.http_post('https://api.openai.com', headers => '{"x": "sk-proj-abcdefghijklmnopqrstuvwx"}')$c$),
  ($c$select dblink('postgresql://odoo:hunter2hunter2@db.internal:5432/odoo', 'select 1')$c$),
  ($c$select extensions.hmac('payload', 'a-literal-hmac-key', 'sha256')$c$),
  ($c$select 1 -- password = hunter2$c$),
  ($c$select 'AKIAABCDEFGHIJKLMNOP'$c$);
create function pg_temp.declare_refused(cmd text) returns boolean language plpgsql as $f$
begin
  perform ops.cron_declare('leaky', '0 0 * * *', 'x', cmd, 'x');
  return false;
exception when sqlstate 'SS302' then
  return true;
end
$f$;
select is((select count(*)::int from leaks where advisor.looks_like_secret(cmd, in_code => true)), 6, 'every planted command looks like a secret');
select is((select count(*)::int from leaks where pg_temp.declare_refused(cmd)), 6, 'and cron_declare refuses every one (SS302)');
select is(advisor.looks_like_secret($c$select ops.cron_n8n('health-check')$c$, in_code => true), false, 'a command reading its secrets from the vault does not');

-- a job naming a function that does not exist fails clearly at run time, not at apply time
select is((select command from cron.job where jobname = 'housekeeping-event-seals'), $$select ops.cron_call('ops.seal_and_anchor')$$, 'the seal job is declared even where the function is missing');
select throws_ok($$ select ops.cron_call('ops.no_such_function') $$, 'SS304', null, 'a missing function fails the run with SS304');
select lives_ok($$ select ops.cron_call('ops.outbox_pump') $$, 'an existing function runs');

-- the schedule reader
select ok(ops.cron_matches('*/15 * * * *', '2026-01-01 10:45Z') and not ops.cron_matches('*/15 * * * *', '2026-01-01 10:46Z'), 'steps');
select ok(ops.cron_matches('0 9 * * 1-5', '2026-01-02 09:00Z') and not ops.cron_matches('0 9 * * 1-5', '2026-01-03 09:00Z'), 'weekday ranges (Fri yes, Sat no)');
select ok(ops.cron_matches('0 0 * * 7', '2026-01-04 00:00Z'), 'day-of-week 7 is Sunday');
select is(ops.cron_matches('every day', now()), null, 'syntax it does not read gives NULL, not false');
select is(ops.cron_matches('0 9 * * funday', now()), null, 'an unknown day name gives NULL');
select results_eq(
  $$ select ops.cron_normalize(s) from unnest(array['@daily', '@Hourly', '@weekly', '@monthly', '@yearly', '@annually', '@midnight', '@reboot', '30 seconds', '0 9 * * MON-fri', '0 9 1 jan,Jul *', ' 0  9 $ * * ']) with ordinality u(s, i) order by i $$,
  $$ values ('0 0 * * *'::text), ('0 * * * *'), ('0 0 * * 0'), ('0 0 1 * *'), ('0 0 1 1 *'), ('0 0 1 1 *'), ('0 0 * * *'), ('@reboot'), ('30 seconds'), ('0 9 * * 1-5'), ('0 9 1 1,7 *'), ('0 9 $ * *') $$,
  'shorthands, names in any case, N seconds and $ read as pg_cron reads them');
select ok(ops.cron_matches('0 9 * * mon-fri', '2026-01-02 09:00Z') and not ops.cron_matches('0 9 * * mon-fri', '2026-01-03 09:00Z'), 'day names (Fri yes, Sat no)');
select ok(ops.cron_matches('@monthly', '2026-02-01 00:00Z') and not ops.cron_matches('@monthly', '2026-02-02 00:00Z'), '@monthly');
select ok(ops.cron_matches('0 9 $ * *', '2026-02-28 09:00Z') and not ops.cron_matches('0 9 $ * *', '2026-02-27 09:00Z') and ops.cron_matches('0 9 $ * *', '2028-02-29 09:00Z'), '$ is the last day of the month');
select ok(not ops.cron_matches('@reboot', '2026-01-01 00:00Z') and ops.cron_matches('10 seconds', '2026-01-01 00:07Z'), '@reboot never fires on the clock; N seconds fires every minute');
select is((select count(*)::int from ops.cron_fire_times('@hourly', '2026-01-01 00:00Z', '2026-01-01 05:30Z')), 5, 'fire times of a shorthand');
select lives_ok($$ select ops.cron_declare('weekly-probe', '@weekly', 'Sundays 08:00 Asia/Manila', 'select 1', 'probe', 'housekeeping') $$, 'a job may be declared with a shorthand');
select is((select schedule from cron.job where jobname = 'weekly-probe'), '@weekly', 'and pg_cron holds it as written');
select is((select schedule from cron.job where jobname = 'housekeeping-server-start'), '@reboot', 'the server-start job runs at every start');

-- job health: failures in a row, silence, runs missed while the server was down
select ops.cron_set_enabled('health-check', true);
-- as on a fresh cluster, where pg_cron ran the @reboot job as soon as db/cron declared it: the
-- current start is recorded, with no earlier run known yet
insert into ops.server_starts (started_at, down_since) values (pg_postmaster_start_time(), null) on conflict do nothing;
update ops.server_starts set down_since = null where started_at = pg_postmaster_start_time();
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
-- every recorded outage counts, not only the last: 3 fire times in a one-hour outage two days ago,
-- 7 in an outage of two hours less 30 seconds a day ago, and none in an outage before the job was enabled
update ops.cron_jobs set enabled_changed_at = now() - interval '3 days' where name = 'health-check';
create temp table current_outage as
  select count(*)::int as n from ops.cron_fire_times('*/15 * * * *',
    (select max(start_time) from cron.job_run_details where start_time < pg_postmaster_start_time()), pg_postmaster_start_time());
insert into ops.server_starts (started_at, down_since) values
  (date_trunc('hour', now()) - interval '2 days' + interval '59 minutes', date_trunc('hour', now()) - interval '2 days' + interval '1 minute'),
  (date_trunc('hour', now()) - interval '1 day' + interval '2 hours' - interval '30 seconds', date_trunc('hour', now()) - interval '1 day' + interval '10 seconds'),
  (now() - interval '4 days', now() - interval '4 days' - interval '3 hours');
select is((select missed_while_down from ops.cron_job_health where name = 'health-check'), 3 + 7 + (select n from current_outage),
  'runs missed in every recorded outage of the last 30 days are added up');
insert into ops.server_starts (started_at, down_since) values (now() - interval '40 days', now() - interval '41 days');
select is((select missed_while_down from ops.cron_job_health where name = 'health-check'), 3 + 7 + (select n from current_outage),
  'outages older than 30 days are left out');
select ops.note_server_start();
select is((select missed_while_down from ops.cron_job_health where name = 'health-check'), 3 + 7 + (select n from current_outage),
  'the current start, once recorded, is counted once');
select is((select down_since from ops.server_starts where started_at = pg_postmaster_start_time()),
  (select max(start_time) from cron.job_run_details where start_time < pg_postmaster_start_time()), 'note_server_start records the last run before the start');
select is((select count(*)::int from ops.server_starts where started_at = pg_postmaster_start_time()) + (select ops.note_server_start() is not null)::int, 2, 'recording it again is a no-op');
insert into ops.server_starts (started_at, down_since) values (now() - interval '100 days', now() - interval '101 days');
select is((select ops.purge_history() ->> 'server_starts'), '1', 'retention drops server starts older than 90 days');
select is((select count(*)::int from ops.server_starts where started_at < now() - interval '30 days'), 1, 'and keeps the younger ones');
select is((select level from advisor.lint_cron_job_failing where cache_key = 'cron_job_failing_health-check'), 'WARN', 'the failing-cron lint reports the job');
select is((select count(*)::int from advisor.lint_cron_job_silent where cache_key = 'cron_job_silent_health-check'), 1, 'the silent-cron lint reports the missed runs');

select * from finish();
rollback;
