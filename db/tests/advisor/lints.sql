-- advisor.lints(): every advisor.lint_* view, unioned from the catalog; a new lint view is picked up
-- without a list edit. The migrated database is clean: no ERROR or WARN lint, and nothing at all from
-- the splinter-named lints of parity_*.sql and duplicate_index.sql or the project lints split from
-- them. Each of those lints fires on an object planted for it in those files.
begin;
select plan(10);

select is_empty($$select name, detail from advisor.lints() where level in ('ERROR', 'WARN')$$, 'no ERROR or WARN lint on the migrated database');
select is_empty($$select detail from advisor.lints() where name = 'missing_comment'$$, 'every schema, table, view, function and policy of ours has a comment');
select is_empty($$select name, cache_key from advisor.lints() where name in (
    'unindexed_foreign_keys', 'auth_rls_initplan', 'multiple_permissive_policies', 'policy_exists_rls_disabled', 'rls_enabled_no_policy',
    'duplicate_index', 'security_definer_view', 'function_search_path_mutable', 'rls_disabled_in_public', 'extension_in_public',
    'unsupported_reg_types', 'rls_policy_always_true', 'anon_security_definer_function_executable',
    'authenticated_security_definer_function_executable',
    'redundant_index', 'security_definer_view_reachable', 'function_search_path_unsafe', 'security_definer_function_executable', 'partitioned_table_policies')$$,
  'the splinter-named lints 0001, 0003, 0006-0011, 0013, 0014, 0018, 0024, 0028, 0029 and the project lints split from them report nothing');
select is((select count(*)::int from pg_class c where c.relnamespace = 'advisor'::regnamespace and c.relkind = 'v' and c.relname in (
    'lint_unindexed_foreign_keys', 'lint_auth_rls_initplan', 'lint_multiple_permissive_policies', 'lint_policy_exists_rls_disabled', 'lint_rls_enabled_no_policy',
    'lint_duplicate_index', 'lint_security_definer_view', 'lint_function_search_path_mutable', 'lint_rls_disabled_in_public', 'lint_extension_in_public',
    'lint_unsupported_reg_types', 'lint_rls_policy_always_true', 'lint_anon_security_definer_function_executable',
    'lint_authenticated_security_definer_function_executable',
    'lint_redundant_index', 'lint_security_definer_view_reachable', 'lint_function_search_path_unsafe', 'lint_security_definer_function_executable', 'lint_partitioned_table_policies')),
  19, 'all nineteen of them are installed (a missing one could not fail the test above)');
select is_empty($$select c.relname from pg_class c where c.relnamespace = 'advisor'::regnamespace and c.relname = 'lint_rls_disabled_in_exposed'$$,
  'rls_disabled_in_exposed is splinter''s rls_disabled_in_public now');
select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'advisor' and c.relkind = 'v' and c.relname like 'lint\_%' and obj_description(c.oid, 'pg_class') is null$$, 'lint views are commented');
select is((select array_agg(attname::text order by attnum) from pg_attribute where attrelid = 'advisor.lint_rls_enabled_no_policy'::regclass and attnum > 0),
  array['name', 'title', 'level', 'facing', 'categories', 'description', 'detail', 'remediation', 'metadata', 'cache_key'], 'lint views have splinter''s row shape');
select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'advisor' and c.relkind = 'v' and c.relname like 'lint\_%'
    and not coalesce('security_invoker=true' = any (c.reloptions), false)$$, 'every lint view is security_invoker');

create view advisor.lint_t_probe with (security_invoker = true) as
  select 't_probe'::text as name, 'Probe'::text as title, 'INFO'::text as level, 'INTERNAL'::text as facing, array['TEST']::text[] as categories,
         'd'::text as description, 'probe detail'::text as detail, 'r'::text as remediation, '{}'::jsonb as metadata, 't_probe_1'::text as cache_key;
select is((select detail from advisor.lints() where name = 't_probe'), 'probe detail', 'a new lint view is picked up without editing a list');
drop view advisor.lint_t_probe;

alter table ops.events disable trigger _100_append_only;
select ok(exists (select from advisor.lints() where name = 'events_not_append_only'), 'events_not_append_only when a guard is disabled');

select * from finish();
rollback;
