-- advisor.lint_anon_security_definer_function_executable: splinter's
-- anon_security_definer_function_executable (0028). A SECURITY DEFINER function or procedure in an
-- exposed schema (advisor.api_schemas()) that anon may execute (PUBLIC's default EXECUTE counts) is
-- an endpoint of the API (/rpc/<name>) that runs with its owner's rights, whatever its comment says
-- and whatever its search_path. One row per overload (advisor.definer_executable). Definers of
-- ours outside the exposed schemas are the project lint security_definer_function_executable.
create or replace view advisor.lint_anon_security_definer_function_executable with (security_invoker = true) as
select
  'anon_security_definer_function_executable'::text as name,
  'Public Can Execute SECURITY DEFINER Function'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects SECURITY DEFINER functions in an exposed schema that anon (anyone, without signing in) can execute through the API; they run with their owner''s rights.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Keep the API a SECURITY INVOKER function in the exposed schema and move the SECURITY DEFINER body to a schema marked api_usage (private), commented RPC:; or revoke execute … from public, anon.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('anon_security_definer_function_executable_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Function %s is SECURITY DEFINER and executable by anon through PostgREST (/rpc/%s).', f.fn::regprocedure, f.function_name),
         jsonb_build_object('schema', f.schema_name, 'name', f.function_name, 'arguments', f.arguments, 'language', f.language_name, 'security_definer', true),
         f.schema_name || '_' || f.function_name || '_' || f.arguments
  from advisor.definer_executable('anon') f
) x(detail, metadata, key);
comment on view advisor.lint_anon_security_definer_function_executable is 'Splinter''s anon_security_definer_function_executable (0028): a SECURITY DEFINER function in an exposed schema that anon can execute — lint for advisor.lints().';
