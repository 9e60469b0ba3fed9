-- advisor.evaluate_checks(): the checklist's evaluation without recording it (what `ssot report`
-- reads in a READ ONLY transaction); advisor.run_checks() records exactly what it returns.
begin;
select plan(5);

select is((select count(*)::int from advisor.evaluate_checks()), (select count(*)::int from advisor.checks),
  'evaluate_checks returns one finding per checklist item');
select results_eq($$select check_id, status from advisor.evaluate_checks() order by 1$$,
                  $$select check_id, status from advisor.run_checks() order by 1$$,
  'run_checks records the same statuses evaluate_checks answers');

-- in a read-only transaction: the evaluation runs, recording a run is refused
savepoint ro;
set local transaction_read_only = on;
select lives_ok($$select * from advisor.evaluate_checks()$$, 'evaluate_checks runs in a READ ONLY transaction');
select throws_ok($$select * from advisor.run_checks()$$, '25006', null, 'run_checks, which records a run, does not');
rollback to savepoint ro;

select is((select count(*)::int from advisor.evaluate_checks() where status = 'manual'),
          (select count(*)::int from advisor.checks where evaluation = 'manual'),
  'manual items are reported as manual');

select * from finish();
rollback;
