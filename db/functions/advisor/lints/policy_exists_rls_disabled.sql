-- advisor.lint_policy_exists_rls_disabled: Policy exists, RLS disabled (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_policy_exists_rls_disabled with (security_invoker = true) as
select
  'policy_exists_rls_disabled'::text as name,
  'Policy exists, RLS disabled'::text as title,
  'ERROR'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects tables with policies whose row level security is disabled, so the policies are not applied.'::text as description,
  x.detail::text as detail,
  'Enable row level security on the table.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('policy_exists_rls_disabled_' || x.key)::text as cache_key
from (
  select format('Table %I.%I has policies (%s) but RLS is disabled.', n.nspname, c.relname, string_agg(p.polname, ', ' order by p.polname)),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table'),
         n.nspname || '_' || c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace join pg_catalog.pg_policy p on p.polrelid = c.oid
  where not c.relrowsecurity and advisor.is_ours(n.nspname)
  group by n.nspname, c.relname
) x(detail, metadata, key);
comment on view advisor.lint_policy_exists_rls_disabled is 'Policy exists, RLS disabled — lint for advisor.lints().';
