-- advisor.check_catalog_exposure: the evaluator of "API roles cannot read table statistics or
-- create large objects".
create or replace function advisor.check_catalog_exposure(arg text, out status text, out detail text)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_bad text;
  v_count text;
begin
  select pg_catalog.string_agg(distinct pg_catalog.format('%s: %s', e.kind, e.revoker), ', '), pg_catalog.count(distinct e.object)::text into v_bad, v_count
    from advisor.catalog_exposure() e;
  status := case when v_bad is null then 'pass' else 'fail' end;
  detail := case when v_bad is null
    then 'API roles cannot read table statistics (pg_stat_*, pg_statio_*) or create large objects'
    else pg_catalog.format('API roles can still use %s pg_catalog objects through PUBLIC (%s revocable by the owner named); the root bootstrap prints the statements: see select * from advisor.catalog_exposure()', v_count, v_bad) end;
end
$$;
comment on function advisor.check_catalog_exposure(text) is 'Checklist evaluator (advisor.checks.evaluator): PUBLIC can neither read the pg_catalog table statistics nor create large objects (advisor.catalog_exposure), else fail counting what is left and who can revoke it. Takes no argument.';
revoke execute on function advisor.check_catalog_exposure(text) from public;
