-- advisor.lint_policy_exists_rls_disabled: splinter's policy_exists_rls_disabled (0007). A table
-- (partitions too) with policies whose row level security is off: the policies do nothing. The
-- doctrine check policy_without_rls (`ssot check`) covers every relation kind, partitioned tables too.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_policy_exists_rls_disabled;
create or replace view advisor.lint_policy_exists_rls_disabled with (security_invoker = true) as
select
  'policy_exists_rls_disabled'::text as name,
  'Policy Exists RLS Disabled'::text as title,
  'ERROR'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects tables with policies whose row level security is disabled, so the policies are not applied.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Enable row level security on the table.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('policy_exists_rls_disabled_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Table %I.%I has policies (%s) but RLS is disabled.', n.nspname, c.relname, string_agg(quote_ident(p.polname), ', ' order by p.polname)),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table'),
         n.nspname || '_' || c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace join pg_catalog.pg_policy p on p.polrelid = c.oid
  where c.relkind = 'r' and not c.relrowsecurity and advisor.is_ours(n.nspname)
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  group by n.nspname, c.relname
) x(detail, metadata, key);
comment on view advisor.lint_policy_exists_rls_disabled is 'Splinter''s policy_exists_rls_disabled (0007): policies on a table whose RLS is off — lint for advisor.lints().';
