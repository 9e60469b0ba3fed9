-- advisor.evaluate_checks(): evaluates every item of the hardening checklist (advisor.checks) and
-- returns one finding per item, recording nothing: advisor.run_checks() records what it returns in a
-- new run, and `ssot report` reads it inside a READ ONLY transaction. An item the database can see
-- names its evaluator, a function advisor.check_<name>(arg text) → (status, detail) in checks/,
-- called with the item's evaluator_arg. An evaluator that is missing, raises or answers outside
-- pass/fail/warn fails its item with the reason; the evaluation goes on. Items outside the database
-- (nginx, Vercel, GitHub …) are manual, never guessed.
create or replace function advisor.evaluate_checks()
returns table (check_id text, area text, item text, priority text, status text, detail text)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  c advisor.checks;
  v_fn regprocedure;
  v_status text;
  v_detail text;
  v_state text;
begin
  for c in select * from advisor.checks k order by k.area, case k.priority when 'Critical' then 1 when 'High' then 2 else 3 end, k.id loop
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
    check_id := c.id;
    area := c.area;
    item := c.item;
    priority := c.priority;
    status := v_status;
    detail := v_detail;
    return next;
  end loop;
end
$$;
comment on function advisor.evaluate_checks() is 'Evaluate the hardening checklist without recording it (each database item by the evaluator advisor.checks names; a missing, raising or misanswering evaluator fails its item with the reason): check_id, area, item, priority, status (pass / fail / warn / manual), detail. advisor.run_checks() records it; ssot report reads it read-only.';
revoke execute on function advisor.evaluate_checks() from public;
