-- advisor.definer_executable(role): the SECURITY DEFINER functions and procedures in an exposed
-- schema of ours (advisor.api_schemas()) that the role may execute, PUBLIC's default EXECUTE
-- included: endpoints of the API that run with their owner's rights. Shared by the lints
-- anon_security_definer_function_executable and authenticated_security_definer_function_executable.
create or replace function advisor.definer_executable(role_name name)
returns table (fn oid, schema_name name, function_name name, arguments text, language_name name)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select p.oid, n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), l.lanname
    from pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    join pg_catalog.pg_language l on l.oid = p.prolang
   where p.prosecdef and p.prokind in ('f', 'p')
     and advisor.is_ours(n.nspname) and n.nspname = any (advisor.api_schemas())
     and exists (select from pg_catalog.pg_roles r
                  where r.rolname = role_name and pg_catalog.has_function_privilege(r.oid, p.oid, 'execute'))
$$;
comment on function advisor.definer_executable(name) is 'SECURITY DEFINER functions in an exposed schema of ours (advisor.api_schemas()) that the role may execute.';
revoke execute on function advisor.definer_executable(name) from public;
