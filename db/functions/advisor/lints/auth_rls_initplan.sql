-- advisor.lint_auth_rls_initplan: splinter's auth_rls_initplan (0003). A policy on a table with RLS
-- enabled whose USING or WITH CHECK calls auth.uid(), auth.jwt(), auth.role(), auth.email() or
-- current_setting() without wrapping that call in a subquery: PostgreSQL then evaluates it for every
-- row instead of once per statement. Each call is judged on its own, so a wrapped auth.uid() does
-- not excuse a bare auth.jwt() beside it. Policies on realtime's tables are checked too, as splinter
-- does. The expressions are deparsed under advisor.lints()'s pinned search_path, which keeps the
-- auth. prefix in the text.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_auth_rls_initplan;
create or replace view advisor.lint_auth_rls_initplan with (security_invoker = true) as
select
  'auth_rls_initplan'::text as name,
  'Auth RLS Initialization Plan'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects policies calling auth.<function>() or current_setting() directly, which PostgreSQL evaluates for every row.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Wrap the call in a subquery: (select auth.uid()) is evaluated once per statement.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('auth_rls_init_plan_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Policy %I on %I.%I calls %s per row.', pol.polname, n.nspname, c.relname, string_agg(distinct f.label, ', ' order by f.label)),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table'),
         n.nspname || '_' || c.relname || '_' || pol.polname
  from pg_catalog.pg_policy pol
  join pg_catalog.pg_class c on c.oid = pol.polrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  cross join lateral (values (pg_catalog.lower(pg_catalog.pg_get_expr(pol.polqual, pol.polrelid))),
                             (pg_catalog.lower(pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid)))) e(expr)
  cross join lateral (values ('auth.uid()', 'auth.uid()'), ('auth.jwt()', 'auth.jwt()'), ('auth.role()', 'auth.role()'),
                             ('auth.email()', 'auth.email()'), ('current_setting(', 'current_setting()')) f(call, label)
  where c.relrowsecurity and (advisor.is_ours(n.nspname) or n.nspname = 'realtime')
    and strpos(e.expr, f.call) > 0 and strpos(e.expr, 'select ' || f.call) = 0
  group by n.nspname, c.relname, pol.polname
) x(detail, metadata, key);
comment on view advisor.lint_auth_rls_initplan is 'Splinter''s auth_rls_initplan (0003): a policy calling auth.*() or current_setting() per row — lint for advisor.lints().';
