-- advisor.statement_timeout_problems: the API roles (anon, authenticated, authenticator,
-- service_role) without a non-zero statement_timeout role setting (for every database or for this
-- one; a per-database setting wins, as it does at login). PostgREST applies the setting of the role
-- it switches to on every request, and authenticator's applies to its own session: without one, a
-- request can run until the server's global limit (none on plain PostgreSQL). The values are
-- Supabase's defaults (anon 3 s, authenticated and authenticator 8 s) and, for service_role, the
-- 8 s that Supabase documents it falls back to from authenticator; the root bootstrap sets them
-- where missing. Empty when every role has one.
create or replace function advisor.statement_timeout_problems()
returns table (role_name text, problem text, fix text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  with want(rolname, value) as (
    values ('anon'::name, '3s'), ('authenticated'::name, '8s'), ('authenticator'::name, '8s'), ('service_role'::name, '8s')
  ),
  setting as (
    select r.rolname,
           (select pg_catalog.substr(x, length('statement_timeout=') + 1)
              from pg_catalog.pg_db_role_setting s cross join lateral unnest(s.setconfig) x
             where s.setrole = r.oid and x like 'statement\_timeout=%'
               and s.setdatabase in (0, (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database()))
             order by s.setdatabase desc limit 1) as value
      from pg_catalog.pg_roles r join want w on w.rolname = r.rolname
  )
  select w.rolname::text,
         case when s.rolname is null then format('role %s does not exist', w.rolname)
              when s.value is null then format('%s has no statement_timeout: a request as %s runs until the server''s global limit', w.rolname, w.rolname)
              else format('%s has statement_timeout = %s, which is no limit', w.rolname, s.value) end,
         format('alter role %I set statement_timeout = %L (the root bootstrap sets it where missing)', w.rolname, w.value)
    from want w left join setting s on s.rolname = w.rolname
   where s.rolname is null or s.value is null
      or s.value ~ '^\s*0+(\.0*)?\s*(us|ms|s|min|h|d)?\s*$'
   order by 1
$$;
comment on function advisor.statement_timeout_problems() is 'The API roles (anon, authenticated, authenticator, service_role) lacking a non-zero statement_timeout role setting, with the fix; empty when all have one.';
revoke execute on function advisor.statement_timeout_problems() from public;
