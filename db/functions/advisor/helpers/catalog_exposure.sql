-- advisor.catalog_exposure: what PostgreSQL lets every role (PUBLIC) do that the API roles need not:
-- read the per-table, per-index and per-function statistics views and counters (pg_stat_*_tables,
-- pg_statio_*, pg_stat_get_live_tuples(oid) … give row counts and write rates of every table) and
-- create large objects (lo_create, lo_creat, lo_from_bytea, lo_import), which RLS does not cover and
-- which fill the disk outside any table of ours. The root bootstrap revokes these from PUBLIC where
-- it may (the owner of pg_catalog, a superuser, can; on Supabase that is supabase_admin). One row per
-- role and object still allowed; `revoker` is the owner who can revoke it.
create or replace function advisor.catalog_exposure()
returns table (role_name text, kind text, object text, revoker text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  with roles(rolname) as (values ('anon'::name), ('authenticated'::name), ('service_role'::name)),
  views as (
    select c.oid, format('pg_catalog.%I', c.relname) as fq, c.relowner as owner
      from pg_catalog.pg_class c
     where c.relnamespace = 'pg_catalog'::regnamespace and c.relkind = 'v'
       and (c.relname ~ '^pg_stat(io)?_(xact_)?(all|user|sys)_(tables|indexes|sequences)$'
            or c.relname in ('pg_stat_user_functions', 'pg_stat_xact_user_functions'))
  ),
  funcs as (
    select p.oid, p.oid::regprocedure::text as fq, p.proowner as owner,
           case when p.proname like 'lo\_%' then 'large objects' else 'table statistics' end as kind
      from pg_catalog.pg_proc p
     where p.pronamespace = 'pg_catalog'::regnamespace
       and ((p.proname like 'pg\_stat\_get\_%' and p.pronargs = 1 and p.proargtypes[0] = 'oid'::regtype
             and p.proname not like 'pg\_stat\_get\_db\_%' and p.proname not like 'pg\_stat\_get\_subscription%')
            or p.proname in ('lo_create', 'lo_creat', 'lo_from_bytea', 'lo_import'))
  )
  select r.rolname::text, 'table statistics', v.fq, pg_catalog.pg_get_userbyid(v.owner)
    from roles rr join pg_catalog.pg_roles r on r.rolname = rr.rolname cross join views v
   where pg_catalog.has_table_privilege(r.oid, v.oid, 'select')
  union all
  select r.rolname::text, f.kind, f.fq, pg_catalog.pg_get_userbyid(f.owner)
    from roles rr join pg_catalog.pg_roles r on r.rolname = rr.rolname cross join funcs f
   where pg_catalog.has_function_privilege(r.oid, f.oid, 'execute')
   order by 2, 3, 1
$$;
comment on function advisor.catalog_exposure() is 'Statistics views and counters (row counts) and large-object creation an API role may still use through PUBLIC, with the owner who can revoke them; empty when the root bootstrap could revoke them all.';
revoke execute on function advisor.catalog_exposure() from public;
