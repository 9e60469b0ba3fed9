-- advisor.check_rls_enabled: the evaluator of the items "RLS enabled on all <schema>.* tables"
-- (rls_ops, rls_advisor, rls_mirror), the schema being the item's evaluator_arg.
create or replace function advisor.check_rls_enabled(schema_name text, out status text, out detail text)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_bad text;
begin
  if schema_name is null then
    raise exception 'advisor.check_rls_enabled needs a schema (evaluator_arg of the item)' using errcode = 'SS111';
  end if;
  select pg_catalog.string_agg(pg_catalog.format('%I.%I', n.nspname, k.relname), ', ' order by k.relname) into v_bad
    from pg_catalog.pg_class k join pg_catalog.pg_namespace n on n.oid = k.relnamespace
   where n.nspname = schema_name and k.relkind in ('r', 'p') and not k.relrowsecurity;
  if v_bad is null then
    status := 'pass';
    detail := pg_catalog.format('every table in %s has RLS (%s tables)', schema_name,
      (select pg_catalog.count(*) from pg_catalog.pg_class k join pg_catalog.pg_namespace n on n.oid = k.relnamespace
        where n.nspname = schema_name and k.relkind in ('r', 'p')));
  else
    status := 'fail';
    detail := 'RLS disabled on ' || v_bad;
  end if;
end
$$;
comment on function advisor.check_rls_enabled(text) is 'Checklist evaluator (advisor.checks.evaluator): pass when every table and partition of the schema given has row level security enabled, else fail naming those without.';
revoke execute on function advisor.check_rls_enabled(text) from public;
