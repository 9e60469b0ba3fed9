-- advisor.run_checks(): evaluates every item of the hardening checklist (advisor.checks) and records
-- one finding per item in a new run. An item the database can see names its evaluator, a function
-- advisor.check_<name>(arg text) → (status, detail) in checks/, called here with the item's
-- evaluator_arg: a new item is one evaluator file and one seed row, nothing to edit here. An evaluator
-- that is missing, raises or answers outside pass/fail/warn fails its item with the reason; the run
-- goes on. Items outside the database (nginx, Vercel, GitHub …) are recorded as manual, never guessed.
create or replace function advisor.run_checks()
returns table (run_id bigint, check_id text, area text, item text, priority text, status text, detail text)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_run bigint;
  c advisor.checks;
  v_fn regprocedure;
  v_status text;
  v_detail text;
  v_state text;
begin
  insert into advisor.runs default values returning id into v_run;
  for c in select * from advisor.checks order by id loop
    v_status := null;
    v_detail := null;
    v_fn := case when c.evaluator is not null then pg_catalog.to_regprocedure(c.evaluator || '(text)') end;
    if c.evaluation = 'manual' then
      v_status := 'manual';
      v_detail := c.how;
    elsif v_fn is null then
      v_status := 'fail';
      v_detail := pg_catalog.format('no evaluator: %s does not exist (define it in db/functions/advisor/checks/, or mark the item manual)',
                                    coalesce(c.evaluator || '(text)', 'advisor.checks.evaluator is empty'));
    else
      begin
        execute pg_catalog.format('select e.status, e.detail from %s($1) e', v_fn::regproc) into v_status, v_detail using c.evaluator_arg;
        if v_status is null or v_status not in ('pass', 'fail', 'warn') or v_detail is null then
          v_detail := pg_catalog.format('evaluator %s answered status %s with detail %s: it must answer pass, fail or warn, with a detail',
                                        v_fn, coalesce(pg_catalog.quote_literal(v_status), 'null'), coalesce(pg_catalog.quote_literal(v_detail), 'null'));
          v_status := 'fail';
        end if;
      exception when others then
        get stacked diagnostics v_state = returned_sqlstate;
        v_status := 'fail';
        v_detail := pg_catalog.format('evaluator %s raised %s: %s', v_fn, v_state, sqlerrm);
      end;
    end if;
    insert into advisor.findings (run_id, check_id, status, detail) values (v_run, c.id, v_status, v_detail);
  end loop;
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
