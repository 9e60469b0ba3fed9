-- advisor.lint_function_search_path_mutable: splinter's function_search_path_mutable (0011). A
-- function of any kind (procedures and aggregates too) that pins no search_path at all runs with its
-- caller's, so a caller can shadow the tables, types and functions it names. Any pinned path clears
-- it, an empty one too; what a pinned path must hold besides (pg_temp, last) is the project lint
-- function_search_path_unsafe. Extension-owned functions are skipped.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_function_search_path_mutable;
create or replace view advisor.lint_function_search_path_mutable with (security_invoker = true) as
select
  'function_search_path_mutable'::text as name,
  'Function Search Path Mutable'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects functions that do not pin a search_path: they resolve names through their caller''s, who can shadow them.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Add set search_path = pg_catalog, pg_temp (pg_temp explicitly last) and qualify every name.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('function_search_path_mutable_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Function %s does not pin its search_path.', p.oid::regprocedure),
         jsonb_build_object('schema', n.nspname, 'name', p.proname, 'type', 'function'),
         n.nspname || '_' || p.proname || '_' || md5(p.prosrc)
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where advisor.is_ours(n.nspname)
    and not exists (select from unnest(p.proconfig) c where c like 'search\_path=%')
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
) x(detail, metadata, key);
comment on view advisor.lint_function_search_path_mutable is 'Splinter''s function_search_path_mutable (0011): a function that pins no search_path — lint for advisor.lints().';
