-- advisor.lint_partitioned_table_policies: a project lint beside splinter's policy lints, which judge
-- tables and partitions only. A query through a partitioned table is judged by the partitioned
-- table's own policies, so the same rules apply to it: RLS on and no policy (as
-- rls_enabled_no_policy, INFO), several permissive policies for a role and action (as
-- multiple_permissive_policies, WARN; advisor.permissive_policy_overlaps), a permissive write policy
-- that lets any row through (as rls_policy_always_true, WARN; advisor.policies_always_true).
-- metadata.rule names the splinter lint whose rule it is.
create or replace view advisor.lint_partitioned_table_policies with (security_invoker = true) as
select
  'partitioned_table_policies'::text as name,
  'Policies of a partitioned table'::text as title,
  x.level::text as level,
  'INTERNAL'::text as facing,
  x.categories::text[] as categories,
  'Applies splinter''s rls_enabled_no_policy, multiple_permissive_policies and rls_policy_always_true to partitioned tables, whose policies judge every query through them.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  x.remediation::text as remediation,
  x.metadata::jsonb as metadata,
  ('partitioned_table_policies_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select 'INFO', array['SECURITY'], format('Partitioned table %I.%I has RLS enabled but no policies.', n.nspname, c.relname),
         'Add explicit policies, one that states who may read the table if only service_role reaches it.',
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'rule', 'rls_enabled_no_policy'),
         'rls_enabled_no_policy_' || n.nspname || '_' || c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'p' and c.relrowsecurity and advisor.is_ours(n.nspname)
    and not exists (select from pg_catalog.pg_policy p where p.polrelid = c.oid)
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  union all
  select 'WARN', array['PERFORMANCE'],
         format('Partitioned table %I.%I has several permissive %s policies for role %s: %s.', o.schema_name, o.table_name, o.action, o.role_name, o.policies),
         'Merge them into one policy per role and action (conditions joined with or).',
         jsonb_build_object('schema', o.schema_name, 'name', o.table_name, 'type', 'table', 'rule', 'multiple_permissive_policies'),
         'multiple_permissive_policies_' || o.schema_name || '_' || o.table_name || '_' || o.role_name || '_' || o.action
  from advisor.permissive_policy_overlaps('p') o
  union all
  select 'WARN', array['SECURITY'],
         format('Policy %I on the partitioned table %I.%I lets %s %s any row.', t.policy_name, t.schema_name, t.table_name,
                array_to_string(array(select case when r = '-' then 'public' else r end from unnest(t.roles) r), ', '), t.command),
         'Restrict the policy with a condition on the caller, e.g. owner_id = (select auth.uid()), in USING and WITH CHECK.',
         jsonb_build_object('schema', t.schema_name, 'name', t.table_name, 'type', 'table', 'rule', 'rls_policy_always_true', 'policy_name', t.policy_name),
         'rls_policy_always_true_' || t.schema_name || '_' || t.table_name || '_' || t.policy_name
  from advisor.policies_always_true('p') t
) x(level, categories, detail, remediation, metadata, key);
comment on view advisor.lint_partitioned_table_policies is 'Policies of a partitioned table judged by splinter''s rls_enabled_no_policy, multiple_permissive_policies and rls_policy_always_true rules (project lint) — lint for advisor.lints().';
