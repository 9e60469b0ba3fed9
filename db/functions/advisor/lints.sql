-- advisor.lints(): every lint view advisor.lint_* found in the catalog (one file each in lints/),
-- unioned, so a new lint is one new view and no list to edit. Rows of the one lint row type
-- advisor.lint (splinter's shape), most severe first: ERROR, WARN, INFO, then by name and cache_key.
create or replace function advisor.lints()
returns setof advisor.lint
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_union text;
begin
  -- @plpgsql_check_options: security_warnings = off
  -- (plpgsql_check cannot tell that v_union is built only of format('%I') of view names read from
  -- the catalog, so it calls the EXECUTE below injectable: a false positive)
  select pg_catalog.string_agg(pg_catalog.format(
           'select name, title, level, facing, categories, description, detail, remediation, metadata, cache_key from advisor.%I', c.relname),
           ' union all ' order by c.relname)
    into v_union
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'advisor' and c.relkind = 'v' and c.relname like 'lint\_%';
  if v_union is null then
    return;
  end if;
  -- a lint's text columns may carry the catalog's "C" collation: order by the database's own
  return query execute
    'select l.* from (' || v_union || ') l order by case l.level when ''ERROR'' then 1 when ''WARN'' then 2 else 3 end, '
    || 'l.name collate "default", l.cache_key collate "default"';
end
$$;
comment on function advisor.lints() is 'All advisor.lint_* views unioned, as rows of advisor.lint (splinter''s shape: name, title, level, facing, categories, description, detail, remediation, metadata, cache_key), most severe first (ERROR, WARN, INFO), then by name and cache_key.';
revoke execute on function advisor.lints() from public;
