-- advisor.lint_function_search_path_unsafe: a project lint, stricter than splinter's
-- function_search_path_mutable. A pinned search_path must list pg_temp, last
-- (advisor.function_search_path_problem, the rule the doctrine check definer_search_path shares):
-- PostgreSQL searches the session's temporary schema first for tables and types unless the path
-- lists it, so `search_path = ''` still lets a caller shadow `text` or a table with a temporary
-- object of their own. ERROR for a SECURITY DEFINER function, which would run the shadowing object
-- with its owner's rights, and then also when it pins no path at all; WARN for any other function
-- whose pinned path is unsafe (one that pins none is function_search_path_mutable's).
create or replace view advisor.lint_function_search_path_unsafe with (security_invoker = true) as
select
  'function_search_path_unsafe'::text as name,
  'Function search_path without pg_temp last'::text as title,
  x.level::text as level,
  'INTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects functions whose search_path does not end with pg_temp (empty, without it, or with it before other schemas), and SECURITY DEFINER functions without one: a caller can shadow the tables and types they use through the temporary schema.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,  -- pg_proc.proconfig is collated "C"
  'Set search_path = pg_catalog, pg_temp (pg_temp explicitly last) and qualify every name.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('function_search_path_unsafe_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Function %s: %s.', p.oid::regprocedure, advisor.function_search_path_problem(p.proconfig)),
         case when p.prosecdef then 'ERROR' else 'WARN' end,
         jsonb_build_object('schema', n.nspname, 'name', p.proname, 'type', 'function', 'security_definer', p.prosecdef),
         n.nspname || '_' || p.proname || '_' || md5(p.oid::regprocedure::text)
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where advisor.is_ours(n.nspname) and p.prokind in ('f', 'p')
    and advisor.function_search_path_problem(p.proconfig) is not null
    and (p.prosecdef or exists (select from unnest(p.proconfig) c where c like 'search\_path=%'))
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
) x(detail, level, metadata, key);
comment on view advisor.lint_function_search_path_unsafe is 'Function search_path without pg_temp last (project lint, stricter than function_search_path_mutable; ERROR for SECURITY DEFINER) — lint for advisor.lints().';
