-- advisor.lint_rls_references_user_metadata (splinter 0015): a policy deciding on the JWT's
-- user_metadata (which every user edits) is an ERROR, one row per policy.
begin;
select plan(5);

select is_empty($$select detail from advisor.lints() where name = 'rls_references_user_metadata'$$, 'no policy of the migrated database reads user_metadata');

create table ops.t_meta (id int primary key, owner_id uuid);
alter table ops.t_meta enable row level security;
create policy t_meta_admin on ops.t_meta for select to authenticated
  using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');
select results_eq($$select level, facing, categories, title, metadata, cache_key from advisor.lints() where name = 'rls_references_user_metadata'$$,
  $$values ('ERROR'::text, 'EXTERNAL'::text, array['SECURITY']::text[], 'RLS references user metadata'::text,
            '{"schema": "ops", "name": "t_meta", "type": "table"}'::jsonb, 'rls_references_user_metadata_ops_t_meta_t_meta_admin'::text)$$,
  'auth.jwt() -> user_metadata in USING is reported under splinter''s name, metadata and cache_key');

create policy t_meta_insert on ops.t_meta for insert to authenticated
  with check ((current_setting('request.jwt.claims', true)::jsonb -> 'user_metadata' ->> 'team') = 'ops');
select results_eq($$select cache_key from advisor.lints() where name = 'rls_references_user_metadata'$$,
  $$values ('rls_references_user_metadata_ops_t_meta_t_meta_admin'::text), ('rls_references_user_metadata_ops_t_meta_t_meta_insert')$$,
  'the request.jwt.claims setting read for user_metadata in WITH CHECK is reported too, one row per policy');

drop policy t_meta_admin on ops.t_meta;
drop policy t_meta_insert on ops.t_meta;
create policy t_meta_admin on ops.t_meta for select to authenticated
  using ((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin');
select is_empty($$select detail from advisor.lints() where name = 'rls_references_user_metadata'$$, 'quiet once the policy decides on app_metadata');

create table tests.t_meta (id int primary key);
create policy t_meta_admin on tests.t_meta using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');
select is_empty($$select detail from advisor.lints() where name = 'rls_references_user_metadata'$$, 'policies in schemas not ours are not reported');

select * from finish();
rollback;
