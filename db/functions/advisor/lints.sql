-- advisor.lints(): every lint view advisor.lint_* found in the catalog, unioned, so a new lint is
-- one new view and no list to edit. Rows in splinter's shape, most severe first.
create or replace function advisor.lints()
returns table (name text, title text, level text, facing text, categories text[], description text,
               detail text, remediation text, metadata jsonb, cache_key text)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v name;
begin
  for v in
    select c.relname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'advisor' and c.relkind = 'v' and c.relname like 'lint\_%' order by c.relname
  loop
    return query execute format(
      'select name, title, level, facing, categories, description, detail, remediation, metadata, cache_key from advisor.%I', v);
  end loop;
end
$$;
comment on function advisor.lints() is 'All advisor.lint_* views unioned (splinter row shape): name, title, level, facing, categories, description, detail, remediation, metadata, cache_key.';
revoke execute on function advisor.lints() from public;
