-- advisor.lint_rls_enabled_no_policy: RLS enabled, no policy (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_rls_enabled_no_policy with (security_invoker = true) as
select
  'rls_enabled_no_policy'::text as name,
  'RLS enabled, no policy'::text as title,
  'INFO'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects tables with row level security enabled but no policy: nobody but the owner and BYPASSRLS roles sees a row.'::text as description,
  x.detail::text as detail,
  'Add explicit policies (to a role, in (select auth.uid()) form) or document that only service_role reaches the table.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('rls_enabled_no_policy_' || x.key)::text as cache_key
from (
  select format('Table %I.%I has RLS enabled but no policies.', n.nspname, c.relname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table'),
         n.nspname || '_' || c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and c.relrowsecurity and not c.relispartition and advisor.is_ours(n.nspname)
    and not exists (select from pg_catalog.pg_policy p where p.polrelid = c.oid)
) x(detail, metadata, key);
comment on view advisor.lint_rls_enabled_no_policy is 'RLS enabled, no policy — lint for advisor.lints().';
