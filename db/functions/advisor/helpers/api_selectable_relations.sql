-- advisor.api_selectable_relations: the relations of one kind in an exposed schema
-- (advisor.api_schemas()) of ours that anon or authenticated may select (has_table_privilege:
-- direct, PUBLIC or inherited grants), extension-owned ones left out: what splinter's
-- materialized_view_in_api (0016, kind 'm') and foreign_table_in_api (0017, kind 'f') judge.
create or replace function advisor.api_selectable_relations(kind "char")
returns table (rel oid, schema_name name, rel_name name)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select c.oid, n.nspname, c.relname
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
   where c.relkind = kind
     and n.nspname = any (advisor.api_schemas())
     and advisor.is_ours(n.nspname)
     and (pg_catalog.has_table_privilege('anon', c.oid, 'SELECT') or pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT'))
     and not exists (select from pg_catalog.pg_depend d
                      where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
$$;
comment on function advisor.api_selectable_relations("char") is 'Relations of one kind in an exposed schema of ours that anon or authenticated may select, extension-owned ones left out (splinter 0016, 0017).';
revoke execute on function advisor.api_selectable_relations("char") from public;
