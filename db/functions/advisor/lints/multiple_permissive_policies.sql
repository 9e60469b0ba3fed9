-- advisor.lint_multiple_permissive_policies: Multiple permissive policies (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_multiple_permissive_policies with (security_invoker = true) as
select
  'multiple_permissive_policies'::text as name,
  'Multiple permissive policies'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects tables with several permissive policies for the same role and action: each is evaluated for every row.'::text as description,
  x.detail::text as detail,
  'Merge them into one policy per role and action.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('multiple_permissive_policies_' || x.key)::text as cache_key
from (
  select format('Table %I.%I has %s permissive %s policies for role %s: %s.', pol.schemaname, pol.tablename, count(*), pol.cmd, r.role, string_agg(pol.policyname, ', ' order by pol.policyname)),
         jsonb_build_object('schema', pol.schemaname, 'name', pol.tablename, 'type', 'table', 'role', r.role, 'action', pol.cmd),
         pol.schemaname || '_' || pol.tablename || '_' || r.role || '_' || pol.cmd
  from pg_catalog.pg_policies pol
  cross join lateral unnest(pol.roles) r(role)
  cross join lateral unnest(case when pol.cmd = 'ALL' then array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] else array[pol.cmd] end) a(cmd)
  where pol.permissive = 'PERMISSIVE' and advisor.is_ours(pol.schemaname)
  group by pol.schemaname, pol.tablename, r.role, a.cmd, pol.cmd
  having count(*) > 1
) x(detail, metadata, key);
comment on view advisor.lint_multiple_permissive_policies is 'Multiple permissive policies — lint for advisor.lints().';
