-- The splinter-named policy and RLS lints (0003, 0006, 0007, 0008, 0013, 0024) answer as splinter does:
-- each fires on an object planted for it, under splinter's name, level, metadata keys and cache_key,
-- and is quiet once the object is fixed.
begin;
select plan(31);

-- the keys of a lint's metadata, sorted
create function pg_temp.keys(m jsonb) returns text[] language sql immutable as $$ select array_agg(k order by k) from jsonb_object_keys(m) k $$;

-- 0013 rls_disabled_in_public: a table in an exposed schema that anon can read, RLS off
create table public.t_par (id int primary key, owner_id uuid);
revoke all on public.t_par from public, anon, authenticated;
select is_empty($$select from advisor.lints() where name = 'rls_disabled_in_public' and metadata ->> 'name' = 't_par'$$,
  'rls_disabled_in_public: quiet while neither anon nor authenticated may read the table');
grant select on public.t_par to anon;
select results_eq($$select level, pg_temp.keys(metadata), cache_key from advisor.lints() where name = 'rls_disabled_in_public' and metadata ->> 'name' = 't_par'$$,
  $$values ('ERROR'::text, array['name', 'schema', 'type'], 'rls_disabled_in_public_public_t_par'::text)$$,
  'rls_disabled_in_public fires on a readable table with RLS off: ERROR, schema/name/type, its cache_key');
set local pgrst.db_schemas = 'rag';
select is_empty($$select from advisor.lints() where name = 'rls_disabled_in_public' and metadata ->> 'name' = 't_par'$$,
  'rls_disabled_in_public follows the session''s pgrst.db_schemas: public not exposed, not flagged');
reset pgrst.db_schemas;
create table ops.t_par_hidden (id int primary key);
grant select on ops.t_par_hidden to anon;
select is_empty($$select from advisor.lints() where name = 'rls_disabled_in_public' and metadata ->> 'name' = 't_par_hidden'$$,
  'rls_disabled_in_public: a table in a schema that is not exposed is not flagged (the doctrine check rls_enabled fails it)');
drop table ops.t_par_hidden;

-- 0007 policy_exists_rls_disabled
create policy t_par_read on public.t_par for select to authenticated using (owner_id = (select auth.uid()));
select results_eq($$select level, pg_temp.keys(metadata), cache_key from advisor.lints() where name = 'policy_exists_rls_disabled' and metadata ->> 'name' = 't_par'$$,
  $$values ('ERROR'::text, array['name', 'schema', 'type'], 'policy_exists_rls_disabled_public_t_par'::text)$$,
  'policy_exists_rls_disabled fires on a table with a policy and RLS off');
alter table public.t_par enable row level security;
select is_empty($$select from advisor.lints() where name in ('policy_exists_rls_disabled', 'rls_disabled_in_public') and metadata ->> 'name' = 't_par'$$,
  'policy_exists_rls_disabled and rls_disabled_in_public are quiet once RLS is on');

-- 0003 auth_rls_initplan: each call is judged on its own
create policy t_par_mixed on public.t_par for update to authenticated
  using (owner_id = (select auth.uid()) and (auth.jwt() ->> 'role') = 'editor') with check (owner_id = (select auth.uid()));
select results_eq($$select level, pg_temp.keys(metadata), cache_key, detail from advisor.lints() where name = 'auth_rls_initplan' and metadata ->> 'name' = 't_par'$$,
  $$values ('WARN'::text, array['name', 'schema', 'type'], 'auth_rls_init_plan_public_t_par_t_par_mixed'::text,
            'Policy t_par_mixed on public.t_par calls auth.jwt() per row.'::text)$$,
  'auth_rls_initplan fires on a bare auth.jwt() beside a wrapped auth.uid(); cache_key auth_rls_init_plan_…');
alter policy t_par_mixed on public.t_par using (owner_id = (select auth.uid()) and ((select auth.jwt()) ->> 'role') = 'editor');
select is_empty($$select from advisor.lints() where name = 'auth_rls_initplan' and metadata ->> 'name' = 't_par'$$,
  'auth_rls_initplan is quiet once every call is wrapped in a subquery');
alter policy t_par_mixed on public.t_par with check (current_setting('request.jwt.claim.sub', true) is not null);
select is((select detail from advisor.lints() where name = 'auth_rls_initplan' and metadata ->> 'name' = 't_par'),
  'Policy t_par_mixed on public.t_par calls current_setting() per row.', 'auth_rls_initplan judges WITH CHECK and current_setting() too');
alter table public.t_par disable row level security;
select is_empty($$select from advisor.lints() where name = 'auth_rls_initplan' and metadata ->> 'name' = 't_par'$$,
  'auth_rls_initplan: a table with RLS off is not judged (policy_exists_rls_disabled is)');
alter table public.t_par enable row level security;
drop policy t_par_mixed on public.t_par;

-- 0006 multiple_permissive_policies: TO public counts for anon; FOR ALL counts for SELECT
create policy t_par_anon_read on public.t_par for select to anon using (owner_id is null);
create policy t_par_public_all on public.t_par for all to public using (owner_id = (select auth.uid()));
select results_eq($$select level, pg_temp.keys(metadata), cache_key from advisor.lints()
                    where name = 'multiple_permissive_policies' and metadata ->> 'name' = 't_par' and cache_key like '%\_anon\_%'$$,
  $$values ('WARN'::text, array['name', 'schema', 'type'], 'multiple_permissive_policies_public_t_par_anon_SELECT'::text)$$,
  'multiple_permissive_policies: a TO public FOR ALL policy and a TO anon SELECT one give anon/SELECT');
select results_eq($$select cache_key from advisor.lints() where name = 'multiple_permissive_policies' and metadata ->> 'name' = 't_par'
                     and cache_key like '%\_authenticated\_%'$$,
  $$values ('multiple_permissive_policies_public_t_par_authenticated_SELECT'::text)$$,
  'and authenticated/SELECT (t_par_read and the TO public one), not its INSERT, UPDATE or DELETE');
select is_empty($$select from advisor.lints() where name = 'multiple_permissive_policies' and metadata ->> 'name' = 't_par' and cache_key like '%\_service\_role\_%'$$,
  'a TO public policy does not count for a BYPASSRLS role (service_role)');
alter policy t_par_public_all on public.t_par to service_role;
select is_empty($$select from advisor.lints() where name = 'multiple_permissive_policies' and metadata ->> 'name' = 't_par'$$,
  'multiple_permissive_policies is quiet with one permissive policy per role and action');
create policy t_par_restrict on public.t_par as restrictive for select to anon using (owner_id is null);
select is_empty($$select from advisor.lints() where name = 'multiple_permissive_policies' and metadata ->> 'name' = 't_par'$$,
  'a restrictive policy does not count');
drop policy t_par_restrict on public.t_par;
drop policy t_par_public_all on public.t_par;
drop policy t_par_anon_read on public.t_par;

-- 0024 rls_policy_always_true
create policy t_par_write on public.t_par for update to authenticated using (true);
select results_eq($$select level, pg_temp.keys(metadata), cache_key, metadata - array['schema', 'name', 'type'] from advisor.lints()
                    where name = 'rls_policy_always_true' and metadata ->> 'name' = 't_par'$$,
  $$values ('WARN'::text, array['command', 'name', 'permissive_using', 'permissive_with_check', 'policy_name', 'qual', 'roles', 'schema', 'type', 'with_check'],
            'rls_policy_always_true_public_t_par_t_par_write'::text,
            '{"policy_name": "t_par_write", "command": "UPDATE", "roles": ["authenticated"], "qual": "true", "with_check": null,
              "permissive_using": true, "permissive_with_check": true}'::jsonb)$$,
  'rls_policy_always_true fires on UPDATE USING (true), with splinter''s metadata');
alter policy t_par_write on public.t_par using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
select is_empty($$select from advisor.lints() where name = 'rls_policy_always_true' and metadata ->> 'name' = 't_par'$$,
  'rls_policy_always_true is quiet once the policy checks the caller');
create policy t_par_del on public.t_par for delete to anon using (1 = 1);
create policy t_par_ins on public.t_par for insert to anon;
create policy t_par_upd on public.t_par for update to public;
create policy t_par_sel on public.t_par for select to anon using (true);
create policy t_par_restr on public.t_par as restrictive for update to anon using (true) with check (true);
create policy t_par_svc on public.t_par for delete to service_role using (true);
select results_eq($$select metadata ->> 'policy_name', (metadata ->> 'permissive_using')::boolean, (metadata ->> 'permissive_with_check')::boolean
                     from advisor.lints() where name = 'rls_policy_always_true' and metadata ->> 'name' = 't_par' order by 1$$,
  $$values ('t_par_del'::text, true, false), ('t_par_ins', false, true), ('t_par_upd', true, false)$$,
  'USING (1 = 1), an INSERT without WITH CHECK and an UPDATE without expressions fire; SELECT using (true), restrictive and service_role ones do not');
alter table public.t_par disable row level security;
select is_empty($$select from advisor.lints() where name = 'rls_policy_always_true' and metadata ->> 'name' = 't_par'$$,
  'rls_policy_always_true: a table with RLS off is not judged');
drop table public.t_par;

-- 0008 rls_enabled_no_policy: partitions count on their own, partitioned tables do not
create table ops.t_par_log (id int, at date not null) partition by range (at);
create table ops.t_par_log_1 partition of ops.t_par_log for values from ('2020-01-01') to ('2021-01-01');
alter table ops.t_par_log enable row level security;
alter table ops.t_par_log_1 enable row level security;
select results_eq($$select level, pg_temp.keys(metadata), cache_key from advisor.lints() where name = 'rls_enabled_no_policy' and metadata ->> 'name' like 't\_par\_log%'$$,
  $$values ('INFO'::text, array['name', 'schema', 'type'], 'rls_enabled_no_policy_ops_t_par_log_1'::text)$$,
  'rls_enabled_no_policy fires on a partition with RLS on and no policy, not on its partitioned table');
create policy t_par_log_read on ops.t_par_log for select to service_role using (true);
select ok(exists (select from advisor.lints() where name = 'rls_enabled_no_policy' and metadata ->> 'name' = 't_par_log_1'),
  'the parent''s policies do not clear a partition');
create policy t_par_log_read on ops.t_par_log_1 for select to service_role using (true);
select is_empty($$select from advisor.lints() where name = 'rls_enabled_no_policy' and metadata ->> 'name' like 't\_par\_log%'$$,
  'rls_enabled_no_policy is quiet once the partition has a policy');
alter table ops.t_par_log_1 disable row level security;
select results_eq($$select cache_key from advisor.lints() where name = 'policy_exists_rls_disabled' and metadata ->> 'name' like 't\_par\_log%'$$,
  $$values ('policy_exists_rls_disabled_ops_t_par_log_1'::text)$$, 'policy_exists_rls_disabled judges a partition too');

-- … and partitioned tables are the project lint partitioned_table_policies, under splinter's rules
alter table ops.t_par_log_1 enable row level security;
drop policy t_par_log_read on ops.t_par_log;
select results_eq($$select level, metadata, cache_key from advisor.lints() where name = 'partitioned_table_policies' and metadata ->> 'name' = 't_par_log'$$,
  $$values ('INFO'::text, '{"schema": "ops", "name": "t_par_log", "type": "table", "rule": "rls_enabled_no_policy"}'::jsonb,
            'partitioned_table_policies_rls_enabled_no_policy_ops_t_par_log'::text)$$,
  'partitioned_table_policies: a partitioned table with RLS on and no policy (splinter''s rls_enabled_no_policy rule)');
create policy t_par_log_a on ops.t_par_log for select to authenticated using (id > 0);
create policy t_par_log_b on ops.t_par_log for all to authenticated using (true);
select results_eq($$select level, metadata ->> 'rule', cache_key from advisor.lints() where name = 'partitioned_table_policies' and metadata ->> 'name' = 't_par_log' order by 3$$,
  $$values ('WARN'::text, 'multiple_permissive_policies'::text, 'partitioned_table_policies_multiple_permissive_policies_ops_t_par_log_authenticated_SELECT'::text),
           ('WARN', 'rls_policy_always_true', 'partitioned_table_policies_rls_policy_always_true_ops_t_par_log_t_par_log_b')$$,
  'and its overlapping permissive policies and a write policy that lets any row through');
select is_empty($$select from advisor.lints() where name in ('multiple_permissive_policies', 'rls_policy_always_true', 'rls_enabled_no_policy') and metadata ->> 'name' = 't_par_log'$$,
  'none of which splinter''s lints report (they judge tables and partitions only)');
drop policy t_par_log_b on ops.t_par_log;
select is_empty($$select from advisor.lints() where name = 'partitioned_table_policies' and metadata ->> 'name' = 't_par_log'$$,
  'partitioned_table_policies is quiet with one policy per role and action that checks the rows');
drop table ops.t_par_log;

-- the events log's partitions each say who reads them, new ones too
select is_empty($$select from advisor.lints() where name = 'rls_enabled_no_policy'$$, 'no table of ours has RLS on and no policy');
select ok((select count(*) from ops.create_event_partitions(8)) > 0, 'new partitions of ops.events are created');
select is_empty($$select from advisor.lints() where name = 'rls_enabled_no_policy'$$,
  'a new partition of ops.events gets its policy from ops.create_event_partitions');
select is_empty($$select detail from advisor.lints() where name = 'missing_comment'$$, 'and its policy is commented');

select * from finish();
rollback;
