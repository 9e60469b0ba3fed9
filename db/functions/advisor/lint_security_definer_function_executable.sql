-- advisor.lint_security_definer_function_executable: Security definer function executable by anon or authenticated (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_security_definer_function_executable with (security_invoker = true) as
select
  'security_definer_function_executable'::text as name,
  'Security definer function executable by anon or authenticated'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects SECURITY DEFINER functions that anon or authenticated can execute; they run with the owner''s rights.'::text as description,
  x.detail::text as detail,
  'revoke execute … from public, anon, authenticated, unless the function is an RPC meant for them: then start its comment with RPC: (the lint skips it).'::text as remediation,
  x.metadata::jsonb as metadata,
  ('security_definer_function_executable_' || x.key)::text as cache_key
from (
  select format('Function %s is SECURITY DEFINER and executable by %s.', p.oid::regprocedure, r.role),
         jsonb_build_object('schema', n.nspname, 'name', p.proname, 'type', 'function', 'role', r.role),
         n.nspname || '_' || p.proname || '_' || r.role || '_' || md5(p.oid::regprocedure::text)
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  cross join (values ('anon'), ('authenticated')) r(role)
  where p.prosecdef and advisor.is_ours(n.nspname)
    and pg_catalog.has_function_privilege(r.role, p.oid, 'execute') and pg_catalog.has_schema_privilege(r.role, n.oid, 'usage')
    -- an RPC meant for API roles says so: its comment starts with 'RPC:'
    and coalesce(pg_catalog.obj_description(p.oid, 'pg_proc'), '') not like 'RPC:%'
) x(detail, metadata, key);
comment on view advisor.lint_security_definer_function_executable is 'Security definer function executable by anon or authenticated — lint for advisor.lints().';
