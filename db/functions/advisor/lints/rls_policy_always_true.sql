-- advisor.lint_rls_policy_always_true: Permissive write policy with USING (true) (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_rls_policy_always_true with (security_invoker = true) as
select
  'rls_policy_always_true'::text as name,
  'Permissive write policy with USING (true)'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects UPDATE, DELETE or INSERT policies for anon or authenticated whose USING or WITH CHECK is true: any row can be written.'::text as description,
  x.detail::text as detail,
  'Restrict the policy with a condition on the caller, e.g. owner_id = (select auth.uid()).'::text as remediation,
  x.metadata::jsonb as metadata,
  ('rls_policy_always_true_' || x.key)::text as cache_key
from (
  select format('Policy %I on %I.%I lets %s %s any row (%s).', pol.policyname, pol.schemaname, pol.tablename, array_to_string(pol.roles, ', '), pol.cmd,
                case when pol.qual = 'true' then 'USING (true)' else 'WITH CHECK (true)' end),
         jsonb_build_object('schema', pol.schemaname, 'name', pol.tablename, 'type', 'table', 'policy', pol.policyname),
         pol.schemaname || '_' || pol.tablename || '_' || pol.policyname
  from pg_catalog.pg_policies pol
  where advisor.is_ours(pol.schemaname) and pol.cmd in ('UPDATE', 'DELETE', 'INSERT', 'ALL')
    and (pol.qual = 'true' or pol.with_check = 'true')
    and (pol.roles && array['public', 'anon', 'authenticated']::name[])
) x(detail, metadata, key);
comment on view advisor.lint_rls_policy_always_true is 'Permissive write policy with USING (true) — lint for advisor.lints().';
