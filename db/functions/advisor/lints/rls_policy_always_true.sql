-- advisor.lint_rls_policy_always_true: splinter's rls_policy_always_true (0024), on tables (partitions
-- too): a permissive policy for PUBLIC, anon or authenticated on a table with RLS enabled that lets
-- any row be written (the rule: advisor.policies_always_true). A SELECT policy using (true) is a
-- deliberate public read and is not flagged. Partitioned tables are the project lint
-- partitioned_table_policies.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_rls_policy_always_true;
create or replace view advisor.lint_rls_policy_always_true with (security_invoker = true) as
select
  'rls_policy_always_true'::text as name,
  'RLS Policy Always True'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects permissive write policies for anon, authenticated or PUBLIC whose USING or WITH CHECK is always true or missing: any row can be written.'::text as description,
  format('Policy %I on %I.%I lets %s %s any row.', x.policy_name, x.schema_name, x.table_name,
         array_to_string(array(select case when r = '-' then 'public' else r end from unnest(x.roles) r), ', '), x.command)::text
    collate pg_catalog."default" as detail,
  'Restrict the policy with a condition on the caller, e.g. owner_id = (select auth.uid()), in USING and WITH CHECK.'::text as remediation,
  jsonb_build_object('schema', x.schema_name, 'name', x.table_name, 'type', 'table', 'policy_name', x.policy_name, 'command', x.command,
                     'roles', to_jsonb(x.roles), 'qual', x.qual, 'with_check', x.with_check,
                     'permissive_using', x.permissive_using, 'permissive_with_check', x.permissive_with_check) as metadata,
  ('rls_policy_always_true_' || x.schema_name || '_' || x.table_name || '_' || x.policy_name)::text collate pg_catalog."default" as cache_key
from advisor.policies_always_true('r') x;
comment on view advisor.lint_rls_policy_always_true is 'Splinter''s rls_policy_always_true (0024): a permissive write policy for anon, authenticated or PUBLIC that lets any row through — lint for advisor.lints().';
