-- advisor.run_checks(): evaluates every item of the hardening checklist (advisor.evaluate_checks(),
-- which calls each item's evaluator: a new item is one evaluator file and one seed row, nothing to edit
-- here) and records one finding per item in a new run. `ssot report` reads advisor.evaluate_checks()
-- alone, recording nothing.
create or replace function advisor.run_checks()
returns table (run_id bigint, check_id text, area text, item text, priority text, status text, detail text)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_run bigint;
begin
  insert into advisor.runs default values returning id into v_run;
  insert into advisor.findings (run_id, check_id, status, detail)
    select v_run, e.check_id, e.status, e.detail from advisor.evaluate_checks() e;
  update advisor.runs r set failed_critical = (
    select count(*) from advisor.findings f join advisor.checks k on k.id = f.check_id
    where f.run_id = v_run and f.status = 'fail' and k.priority = 'Critical')
  where r.id = v_run;
  return query
    select f.run_id, f.check_id, k.area, k.item, k.priority, f.status, f.detail
    from advisor.findings f join advisor.checks k on k.id = f.check_id
    where f.run_id = v_run
    order by k.area, case k.priority when 'Critical' then 1 when 'High' then 2 else 3 end, k.id;
end
$$;
comment on function advisor.run_checks() is 'Evaluate the hardening checklist, each database item by the evaluator advisor.checks names (a missing, raising or misanswering evaluator fails its item with the reason), record the findings of a new run (pass / fail / warn / manual) and return them.';
revoke execute on function advisor.run_checks() from public;
