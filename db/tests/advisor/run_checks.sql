-- advisor.run_checks(): the checklist evaluated and recorded; manual items stay manual.
begin;
select plan(11);

select is((select count(*)::int from advisor.checks), 32, 'the checklist of seed 000 is loaded (32 items)');
select is((select count(*)::int from advisor.run_checks()), 32, 'run_checks returns one finding per item');
select is((select count(*)::int from advisor.findings where run_id = (select max(id) from advisor.runs)), 32, 'and records them in a run');
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

select results_eq($$ select status, detail from advisor.run_checks() where check_id = 'events_append_only' $$,
  $$ values ('pass'::text, 'guards in place; no event yet, so nothing to seal'::text) $$, 'no event yet: nothing to seal, a pass');
insert into ops.events (source, event_type, txid) values ('s', 't', '10'::xid8);
select results_eq($$ select status, detail from advisor.run_checks() where check_id = 'events_append_only' $$,
  $$ values ('warn'::text, 'guards in place, but no seal yet: schedule ops.seal_events()'::text) $$, 'events but no seal yet: a warning');
select ops.seal_events();
set local session_replication_role = replica;
delete from ops.events where source = 's';
set local session_replication_role = origin;
select alike((select detail from advisor.run_checks() where check_id = 'events_append_only'), 'seal % covers 1 events but 0 are there now%', 'a removed sealed event fails events_append_only');

select * from finish();
rollback;
