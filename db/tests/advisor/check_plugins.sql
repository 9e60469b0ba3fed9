-- The checklist's plug-in shape: every item the database evaluates names an evaluator function in
-- advisor.checks, advisor.run_checks() is a loop calling them (no branch per item), and an evaluator
-- that is missing, raises or answers wrongly fails its own item without stopping the run.
begin;
select plan(20);

select is_empty($$select id from advisor.checks where evaluation = 'database'
                   and to_regprocedure(evaluator || '(text)') is null$$,
  'every database item of the checklist names an evaluator advisor.check_<name>(text) that exists');
select is_empty($$select id from advisor.checks where evaluation = 'manual' and (evaluator is not null or evaluator_arg is not null)$$,
  'manual items name no evaluator');
select is_empty($$
  select distinct k.evaluator from advisor.checks k
    join pg_proc p on p.oid = to_regprocedure(k.evaluator || '(text)')
   where pg_get_function_result(p.oid) <> 'TABLE(status text, detail text)' and pg_get_function_result(p.oid) <> 'record'
      or (select array_agg(a order by o) from unnest(p.proargnames) with ordinality u(a, o) where o > 1) <> array['status', 'detail']
      or obj_description(p.oid, 'pg_proc') is null$$,
  'every evaluator answers (status, detail) and has a comment');
select is_empty($$select k.id from advisor.checks k, pg_proc p
                   where p.oid = 'advisor.run_checks()'::regprocedure and strpos(p.prosrc, quote_literal(k.id)) > 0$$,
  'advisor.run_checks() names no checklist item: it has no branch per item');
select is((select count(distinct evaluator)::int from advisor.checks where id in ('rls_ops', 'rls_advisor', 'rls_mirror')), 1,
  'one evaluator serves the three RLS items, given the schema as its argument');

-- one finding per item, each item once
select is((select count(*)::int from advisor.run_checks()), (select count(*)::int from advisor.checks), 'run_checks returns one finding per item');
select is_empty($$select k.id from advisor.checks k where (select count(*) from advisor.findings f
                   where f.run_id = (select max(id) from advisor.runs) and f.check_id = k.id) <> 1$$,
  'and records exactly one finding per item in its run');

-- a new item: one evaluator and one row, picked up without editing run_checks
create function advisor.check_t_new(arg text, out status text, out detail text) language plpgsql stable set search_path = pg_catalog, pg_temp
  as $$ begin status := 'warn'; detail := 'probe saw ' || arg; end $$;
insert into advisor.checks (id, area, item, priority, evaluation, evaluator, evaluator_arg, how)
  values ('t_new', 'Tests', 'A new item', 'Medium', 'database', 'advisor.check_t_new', 'x1', 'made by the test');
select is((select status || ': ' || detail from advisor.run_checks() where check_id = 't_new'), 'warn: probe saw x1',
  'a new item is evaluated by its evaluator, with its argument');

-- broken evaluators: each fails its own item, the run goes on
create function advisor.check_t_raises(arg text, out status text, out detail text) language plpgsql stable set search_path = pg_catalog, pg_temp
  as $$ begin raise exception 'probe broke' using errcode = 'SS999'; end $$;
create function advisor.check_t_bad_status(arg text, out status text, out detail text) language plpgsql stable set search_path = pg_catalog, pg_temp
  as $$ begin status := 'ok'; detail := 'fine'; end $$;
insert into advisor.checks (id, area, item, priority, evaluation, evaluator, how) values
  ('t_raises', 'Tests', 'An item whose evaluator raises', 'Critical', 'database', 'advisor.check_t_raises', 'made by the test'),
  ('t_missing', 'Tests', 'An item whose evaluator does not exist', 'Medium', 'database', 'advisor.check_t_missing', 'made by the test'),
  ('t_bad_status', 'Tests', 'An item whose evaluator answers ok', 'Medium', 'database', 'advisor.check_t_bad_status', 'made by the test'),
  ('t_no_schema', 'Tests', 'The RLS evaluator without its schema', 'Medium', 'database', 'advisor.check_rls_enabled', 'made by the test');
create temp table t_run on commit drop as select * from advisor.run_checks();
select is((select count(*)::int from t_run), (select count(*)::int from advisor.checks), 'the run still records one finding per item');
select is((select status || ': ' || detail from t_run where check_id = 't_raises'), 'fail: evaluator advisor.check_t_raises(text) raised SS999: probe broke',
  'an evaluator that raises fails its item, with the SQLSTATE and message');
select is((select status || ': ' || detail from t_run where check_id = 't_missing'),
  'fail: no evaluator: advisor.check_t_missing(text) does not exist (define it in db/functions/advisor/checks/, or mark the item manual)',
  'an evaluator that does not exist fails its item, naming it');
select is((select status || ': ' || detail from t_run where check_id = 't_bad_status'),
  'fail: evaluator advisor.check_t_bad_status(text) answered status ''ok'' with detail ''fine'': it must answer pass, fail or warn, with a detail',
  'an evaluator answering outside pass, fail and warn fails its item');
select is((select status || ': ' || detail from t_run where check_id = 't_no_schema'),
  'fail: evaluator advisor.check_rls_enabled(text) raised SS111: advisor.check_rls_enabled needs a schema (evaluator_arg of the item)',
  'the RLS evaluator without a schema fails the item (SS111)');
select is((select status from t_run where check_id = 'rls_ops'), 'pass', 'the other items are evaluated as ever');
select is((select failed_critical from advisor.runs order by id desc limit 1), 1, 'a broken Critical evaluator counts as a failed Critical item');
select throws_ok($$select * from advisor.check_rls_enabled(null)$$, 'SS111', null, 'advisor.check_rls_enabled refuses a missing schema (SS111)');

-- the registry refuses what run_checks could not call
select throws_ok($$insert into advisor.checks (id, area, item, priority, evaluation, how) values ('t_none', 'Tests', 'No evaluator', 'Medium', 'database', 'made by the test')$$,
  '23514', null, 'a database item without an evaluator is refused');
select throws_ok($$insert into advisor.checks (id, area, item, priority, evaluation, evaluator, how) values ('t_other', 'Tests', 'Elsewhere', 'Medium', 'database', 'public.f', 'made by the test')$$,
  '23514', null, 'an evaluator outside advisor.check_* is refused');

-- secrets_in_vault is decided by the secret lints it names: a literal credential in a cron command fails it
select cron.schedule('t-leaky-job', '0 0 * * *', $$select net.http_post('http://x', headers => '{"Authorization": "Bearer sk-live-abcdefghijklmnopqrstuv"}')$$);
select matches((select status || ': ' || detail from advisor.run_checks() where check_id = 'secrets_in_vault'),
  '^fail: pg_cron job t-leaky-job \(id [0-9]+\) has a command that looks like it contains a credential\.$',
  'a secret in a pg_cron command fails secrets_in_vault (lint cron_literal_secrets)');
drop view advisor.lint_cron_literal_secrets;
select is((select status || ': ' || detail from advisor.run_checks() where check_id = 'secrets_in_vault'),
  'warn: secret lint not installed (advisor.lint_cron_literal_secrets): the database cannot tell yet',
  'a secret lint that is not installed leaves secrets_in_vault a warning, naming it');

select * from finish();
rollback;
