-- advisor.lint_multiple_permissive_policies: splinter's multiple_permissive_policies (0006), on tables
-- (partitions too): more than one permissive policy for a role and action, each evaluated for every
-- row (the rule, TO public and FOR ALL expanded as splinter does: advisor.permissive_policy_overlaps).
-- One row per table, role and action. Partitioned tables are the project lint
-- partitioned_table_policies.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_multiple_permissive_policies;
create or replace view advisor.lint_multiple_permissive_policies with (security_invoker = true) as
select
  'multiple_permissive_policies'::text as name,
  'Multiple Permissive Policies'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects tables with several permissive policies for the same role and action: each is evaluated for every row.'::text as description,
  format('Table %I.%I has several permissive %s policies for role %s: %s.', x.schema_name, x.table_name, x.action, x.role_name, x.policies)::text
    collate pg_catalog."default" as detail,
  'Merge them into one policy per role and action (conditions joined with or).'::text as remediation,
  jsonb_build_object('schema', x.schema_name, 'name', x.table_name, 'type', 'table') as metadata,
  ('multiple_permissive_policies_' || x.schema_name || '_' || x.table_name || '_' || x.role_name || '_' || x.action)::text
    collate pg_catalog."default" as cache_key
from advisor.permissive_policy_overlaps('r') x;
comment on view advisor.lint_multiple_permissive_policies is 'Splinter''s multiple_permissive_policies (0006): several permissive policies for one role and action — lint for advisor.lints().';
