-- advisor.lint_auth_rls_initplan: Auth function re-evaluated per row (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_auth_rls_initplan with (security_invoker = true) as
select
  'auth_rls_initplan'::text as name,
  'Auth function re-evaluated per row'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects policies calling auth.<function>() or current_setting() directly, which PostgreSQL evaluates for every row.'::text as description,
  x.detail::text as detail,
  'Wrap the call in a subquery: (select auth.uid()) is evaluated once per statement.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('auth_rls_initplan_' || x.key)::text as cache_key
from (
  select format('Policy %I on %I.%I calls auth.*() or current_setting() per row.', pol.policyname, pol.schemaname, pol.tablename),
         jsonb_build_object('schema', pol.schemaname, 'name', pol.tablename, 'type', 'table', 'policy', pol.policyname),
         pol.schemaname || '_' || pol.tablename || '_' || pol.policyname
  from pg_catalog.pg_policies pol
  where advisor.is_ours(pol.schemaname)
    and exists (
      select from unnest(array[coalesce(pol.qual, ''), coalesce(pol.with_check, '')]) e
      where (e ~ 'auth\.(uid|jwt|role|email)\(\)' and e !~ 'SELECT auth\.(uid|jwt|role|email)\(\)')
         or (e ~ 'current_setting\(' and e !~ 'SELECT current_setting\(')
    )
) x(detail, metadata, key);
comment on view advisor.lint_auth_rls_initplan is 'Auth function re-evaluated per row — lint for advisor.lints().';
