-- advisor.lint_missing_comment: objects of ours without a `comment on` (the house rule: every
-- schema, table, view, function and policy says what it is for). Splinter's row shape.
create or replace view advisor.lint_missing_comment with (security_invoker = true) as
select
  'missing_comment'::text as name,
  'Object without a comment'::text as title,
  'INFO'::text as level,
  'INTERNAL'::text as facing,
  array['MAINTAINABILITY']::text[] as categories,
  'Every schema, table, view, function and policy carries a comment on saying what it is for.'::text as description,
  x.detail::text as detail,
  'Add comment on <object> is ''…'' next to its definition.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('missing_comment_' || x.key)::text as cache_key
from (
  select format('Schema %I has no comment.', n.nspname), jsonb_build_object('name', n.nspname, 'type', 'schema'), 'schema_' || n.nspname
  from pg_catalog.pg_namespace n
  where advisor.is_ours(n.nspname) and pg_catalog.obj_description(n.oid, 'pg_namespace') is null
  union all
  select format('%s %I.%I has no comment.', case c.relkind when 'v' then 'View' when 'm' then 'Materialized view' else 'Table' end, n.nspname, c.relname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', case c.relkind when 'v' then 'view' when 'm' then 'materialized_view' else 'table' end),
         'rel_' || n.nspname || '_' || c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm') and advisor.is_ours(n.nspname) and pg_catalog.obj_description(c.oid, 'pg_class') is null
  union all
  select format('Function %s has no comment.', p.oid::regprocedure), jsonb_build_object('schema', n.nspname, 'name', p.proname, 'type', 'function'),
         'fn_' || n.nspname || '_' || p.proname || '_' || md5(p.oid::regprocedure::text)
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where advisor.is_ours(n.nspname) and pg_catalog.obj_description(p.oid, 'pg_proc') is null
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  union all
  select format('Policy %I on %I.%I has no comment.', pol.polname, n.nspname, c.relname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'policy', 'policy', pol.polname),
         'pol_' || n.nspname || '_' || c.relname || '_' || pol.polname
  from pg_catalog.pg_policy pol join pg_catalog.pg_class c on c.oid = pol.polrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where advisor.is_ours(n.nspname) and pg_catalog.obj_description(pol.oid, 'pg_policy') is null
) x(detail, metadata, key);
comment on view advisor.lint_missing_comment is 'Object without a comment — lint for advisor.lints().';
