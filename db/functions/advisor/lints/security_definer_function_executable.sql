-- advisor.lint_security_definer_function_executable: Security definer function executable by anon or authenticated (splinter's row shape; advisor.lints() picks it up by name).
-- As splinter's anon_/authenticated_security_definer_function_executable: a definer in an exposed
-- schema that anon or authenticated may execute is an endpoint of the API running with its owner's
-- rights, whatever its comment says. Elsewhere a definer they can reach is flagged too, except the
-- body of an RPC (comment starting with RPC:) in a schema the registry marks api_usage (private):
-- there API roles execute exactly what they are granted, and PostgREST does not expose it.
create or replace view advisor.lint_security_definer_function_executable with (security_invoker = true) as
select
  'security_definer_function_executable'::text as name,
  'Security definer function executable by anon or authenticated'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects SECURITY DEFINER functions that anon or authenticated can execute; they run with the owner''s rights.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,  -- format() of a name is collated "C"
  'Keep the API a SECURITY INVOKER function in the exposed schema and move the SECURITY DEFINER body to a schema marked api_usage (private), commented RPC:; or revoke execute … from public, anon, authenticated.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('security_definer_function_executable_' || x.key)::text as cache_key
from (
  select format('Function %s is SECURITY DEFINER and executable by %s%s.', p.oid::regprocedure, r.role,
                case when s.exposed then format(' through PostgREST (/rpc/%s)', p.proname) else '' end),
         jsonb_build_object('schema', n.nspname, 'name', p.proname, 'type', 'function', 'role', r.role, 'exposed', coalesce(s.exposed, false)),
         n.nspname || '_' || p.proname || '_' || r.role || '_' || md5(p.oid::regprocedure::text)
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  left join catalog.schemas s on s.name = n.nspname
  cross join (values ('anon'), ('authenticated')) r(role)
  where p.prosecdef and advisor.is_ours(n.nspname)
    and pg_catalog.has_function_privilege(r.role, p.oid, 'execute') and pg_catalog.has_schema_privilege(r.role, n.oid, 'usage')
    -- the body of an RPC, in a schema API roles may use but PostgREST does not expose
    and not (coalesce(s.api_usage and not s.exposed, false)
             and coalesce(pg_catalog.obj_description(p.oid, 'pg_proc'), '') like 'RPC:%')
) x(detail, metadata, key);
comment on view advisor.lint_security_definer_function_executable is 'Security definer function executable by anon or authenticated — lint for advisor.lints().';
