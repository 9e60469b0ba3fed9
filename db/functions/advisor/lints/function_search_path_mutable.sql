-- advisor.lint_function_search_path_mutable: Function search_path mutable (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_function_search_path_mutable with (security_invoker = true) as
select
  'function_search_path_mutable'::text as name,
  'Function search_path mutable'::text as title,
  x.level::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects functions without a fixed search_path ending with pg_temp: a caller can shadow the tables and types they use (with an empty path, through the temporary schema, which is then searched first).'::text as description,
  x.detail::text collate pg_catalog."default" as detail,  -- pg_proc.proconfig is collated "C"
  'Add set search_path = pg_catalog, pg_temp (pg_temp explicitly last) and qualify every name.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('function_search_path_mutable_' || x.key)::text as cache_key
from (
  select format('Function %s: %s.', p.oid::regprocedure, advisor.function_search_path_problem(p.proconfig)),
         -- a definer runs the shadowing object with its owner's rights
         case when p.prosecdef then 'ERROR' else 'WARN' end,
         jsonb_build_object('schema', n.nspname, 'name', p.proname, 'type', 'function', 'security_definer', p.prosecdef),
         n.nspname || '_' || p.proname || '_' || md5(p.oid::regprocedure::text)
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where advisor.is_ours(n.nspname) and p.prokind in ('f', 'p')
    and advisor.function_search_path_problem(p.proconfig) is not null
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
) x(detail, level, metadata, key);
comment on view advisor.lint_function_search_path_mutable is 'Function search_path mutable — lint for advisor.lints().';
