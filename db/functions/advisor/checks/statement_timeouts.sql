-- advisor.check_statement_timeouts: the evaluator of "Query timeouts set (statement_timeout)".
create or replace function advisor.check_statement_timeouts(arg text, out status text, out detail text)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_bad text;
begin
  select pg_catalog.string_agg(t.problem, '; ') into v_bad from advisor.statement_timeout_problems() t;
  status := case when v_bad is null then 'pass' else 'fail' end;
  detail := coalesce(v_bad || ' (alter role … set statement_timeout: anon 3s, the others 8s; the root bootstrap sets them where missing)',
                     'anon, authenticated, authenticator and service_role have a statement_timeout');
end
$$;
comment on function advisor.check_statement_timeouts(text) is 'Checklist evaluator (advisor.checks.evaluator): anon, authenticated, authenticator and service_role have a non-zero statement_timeout (advisor.statement_timeout_problems). Takes no argument.';
revoke execute on function advisor.check_statement_timeouts(text) from public;
