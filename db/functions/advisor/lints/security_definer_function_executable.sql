-- advisor.lint_security_definer_function_executable: a project lint beside splinter's
-- anon_/authenticated_security_definer_function_executable, which judge the exposed schemas
-- (advisor.api_schemas()); this one judges the other schemas of ours. A definer there that anon or
-- authenticated may execute (with USAGE on its schema) still runs with its owner's rights for them,
-- except the body of an RPC (comment starting with RPC:) in a schema the registry marks api_usage
-- (private): there API roles execute exactly what they are granted, and PostgREST does not expose it.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_security_definer_function_executable;
create or replace view advisor.lint_security_definer_function_executable with (security_invoker = true) as
select
  'security_definer_function_executable'::text as name,
  'Security definer function executable by anon or authenticated'::text as title,
  'WARN'::text as level,
  'INTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects SECURITY DEFINER functions outside the exposed schemas that anon or authenticated can execute; they run with the owner''s rights.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,  -- format() of a name is collated "C"
  'Move the body to a schema marked api_usage (private), commented RPC:, granted only to the roles meant to call it; or revoke execute … from public, anon, authenticated.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('security_definer_function_executable_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Function %s is SECURITY DEFINER and executable by %s.', p.oid::regprocedure, r.rolname),
         jsonb_build_object('schema', n.nspname, 'name', p.proname, 'type', 'function', 'role', r.rolname),
         n.nspname || '_' || p.proname || '_' || r.rolname || '_' || md5(p.oid::regprocedure::text)
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  left join catalog.schemas s on s.name = n.nspname
  join pg_catalog.pg_roles r on r.rolname in ('anon', 'authenticated')
  where p.prosecdef and advisor.is_ours(n.nspname) and not n.nspname = any (advisor.api_schemas())
    and pg_catalog.has_function_privilege(r.oid, p.oid, 'execute') and pg_catalog.has_schema_privilege(r.oid, n.oid, 'usage')
    -- the body of an RPC, in a schema API roles may use but PostgREST does not expose
    and not (coalesce(s.api_usage, false)
             and coalesce(pg_catalog.obj_description(p.oid, 'pg_proc'), '') like 'RPC:%')
) x(detail, metadata, key);
comment on view advisor.lint_security_definer_function_executable is 'Security definer function outside the exposed schemas executable by anon or authenticated (project lint beside splinter''s 0028/0029) — lint for advisor.lints().';
