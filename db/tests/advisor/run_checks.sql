-- advisor.run_checks(): the checklist evaluated and recorded; manual items stay manual.
begin;
select plan(16);

select is((select count(*)::int from advisor.checks), 36, 'the checklist is loaded (the 32 items of the platform''s hardening checklist, docs/governance.md, and pg_cron_enabled, outbound_http, vault_direct_access, catalog_exposure)');
select is((select count(*)::int from advisor.run_checks()), 36, 'run_checks returns one finding per item');
select is((select count(*)::int from advisor.findings where run_id = (select max(id) from advisor.runs)), 36, 'and records them in a run');
select is_empty($$select f.check_id from advisor.findings f join advisor.checks k on k.id = f.check_id
  where k.evaluation = 'manual' and f.status <> 'manual'$$, 'manual items are never given a status the database cannot see');
select is((select status from advisor.run_checks() where check_id = 'rls_ops'), 'pass', 'rls_ops passes on the migrated database');

create table ops.t_no_rls (id int);
select is((select status || ': ' || detail from advisor.run_checks() where check_id = 'rls_ops'), 'fail: RLS disabled on ops.t_no_rls', 'a table without RLS fails rls_ops, naming it');
select is((select failed_critical from advisor.runs order by id desc limit 1), 1, 'the run counts the failed Critical item');
drop table ops.t_no_rls;

alter role anon reset statement_timeout;
select is((select status from advisor.run_checks() where check_id = 'statement_timeouts'), 'fail', 'a missing statement_timeout for anon fails');
alter role anon set statement_timeout = '3s';

-- pg_cron: the suite runs in the database pg_cron lives in (the embedded cron database, or
-- `postgres` on Supabase)
select is((select status from advisor.run_checks() where check_id = 'pg_cron_enabled'), 'pass', 'pg_cron_enabled passes where pg_cron is installed');

-- outgoing HTTP with the net compat schema: who delivers is a connected `ssot net worker`
select is((select status from advisor.run_checks() where check_id = 'outbound_http'), 'warn', 'compat net, no worker, nothing waiting: a warning');
select net.http_post('http://127.0.0.1:9/x', '{}'::jsonb);
select is((select status || ': ' || detail from advisor.run_checks() where check_id = 'outbound_http'),
  'fail: 1 requests wait in net.http_request_queue and no `ssot net worker` is connected to deliver them: run `ssot net worker`',
  'a request waiting with no worker to deliver it fails outbound_http');
select is((select failed_critical from advisor.runs order by id desc limit 1), 1, 'and it is a Critical failure');
-- this session stands in for a worker: the check looks for sessions by their application name
set local application_name = 'ssot net worker';
select pg_stat_clear_snapshot();
select is((select status from advisor.run_checks() where check_id = 'outbound_http'), 'pass', 'a connected ssot net worker passes outbound_http');
set local application_name = 'pg_prove';

-- the migrated database has logged its own actions already (cron.declared for each job); the checks
-- below start from an empty log, which the owner can reach the way the test below removes an event
-- (and where pg_cron runs the seal job, as on the Supabase profile, it may have sealed them already)
grant delete on ops.events, ops.event_seals to current_user;
set local session_replication_role = replica;
delete from ops.events;
delete from ops.event_seals;
set local session_replication_role = origin;
revoke delete on ops.events, ops.event_seals from current_user;
select results_eq($$ select status, detail from advisor.run_checks() where check_id = 'events_append_only' $$,
  $$ values ('pass'::text, 'guards in place; no event yet, so nothing to seal'::text) $$, 'no event yet: nothing to seal, a pass');
insert into ops.events (source, event_type, txid) values ('s', 't', '10'::xid8);
select results_eq($$ select status, detail from advisor.run_checks() where check_id = 'events_append_only' $$,
  $$ values ('warn'::text, 'guards in place, but no seal yet: schedule ops.seal_events()'::text) $$, 'events but no seal yet: a warning');
select ops.seal_events();
-- the owner (on Supabase, postgres) can grant itself DELETE and skip the guards
grant delete on ops.events to current_user;
set local session_replication_role = replica;
delete from ops.events where source = 's';
set local session_replication_role = origin;
revoke delete on ops.events from current_user;
select alike((select detail from advisor.run_checks() where check_id = 'events_append_only'), 'seal % covers 1 events but 0 are there now%', 'a removed sealed event fails events_append_only');

select * from finish();
rollback;
