-- advisor.lint_rls_enabled_no_policy: splinter's rls_enabled_no_policy (0008). A table with row level
-- security on and no policy of its own: nobody but its owner and BYPASSRLS roles reads or writes it.
-- Partitions count on their own (their parent's policies do not apply to them when they are queried
-- directly); partitioned tables are not judged, as in splinter.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_rls_enabled_no_policy;
create or replace view advisor.lint_rls_enabled_no_policy with (security_invoker = true) as
select
  'rls_enabled_no_policy'::text as name,
  'RLS Enabled No Policy'::text as title,
  'INFO'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects tables with row level security enabled but no policy: nobody but the owner and BYPASSRLS roles sees a row.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Add explicit policies (to a role, in (select auth.uid()) form), one that states who may read the table if only service_role reaches it.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('rls_enabled_no_policy_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Table %I.%I has RLS enabled but no policies.', n.nspname, c.relname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table'),
         n.nspname || '_' || c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and c.relrowsecurity and advisor.is_ours(n.nspname)
    and not exists (select from pg_catalog.pg_policy p where p.polrelid = c.oid)
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
) x(detail, metadata, key);
comment on view advisor.lint_rls_enabled_no_policy is 'Splinter''s rls_enabled_no_policy (0008): a table with RLS on and no policy — lint for advisor.lints().';
