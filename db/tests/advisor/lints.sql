-- advisor.lints(): every advisor.lint_* view, unioned from the catalog; each lint fires on an object
-- made for it here, and a new lint view is picked up without a list edit.
begin;
select plan(27);

select is_empty($$select name, detail from advisor.lints() where level in ('ERROR', 'WARN')$$, 'no ERROR or WARN lint on the migrated database');
select is_empty($$select detail from advisor.lints() where name = 'missing_comment'$$, 'every schema, table, view, function and policy of ours has a comment');
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

create table public.t_open (id int, owner_id uuid);
select is((select level from advisor.lints() where name = 'rls_disabled_in_exposed' and metadata ->> 'name' = 't_open'), 'ERROR', 'rls_disabled_in_exposed');
alter table public.t_open enable row level security;
select ok(exists (select from advisor.lints() where name = 'rls_enabled_no_policy' and metadata ->> 'name' = 't_open'), 'rls_enabled_no_policy');
create policy t_open_per_row on public.t_open for select to authenticated using (owner_id = auth.uid());
select ok(exists (select from advisor.lints() where name = 'auth_rls_initplan' and metadata ->> 'policy' = 't_open_per_row'), 'auth_rls_initplan (auth.uid() per row)');
create policy t_open_wrapped on public.t_open for select to authenticated using (owner_id = (select auth.uid()));
select ok(not exists (select from advisor.lints() where name = 'auth_rls_initplan' and metadata ->> 'policy' = 't_open_wrapped'), 'the (select auth.uid()) form is not flagged');
select ok(exists (select from advisor.lints() where name = 'multiple_permissive_policies' and metadata ->> 'name' = 't_open'), 'multiple_permissive_policies');
create policy t_open_write on public.t_open for update to authenticated using (true);
select ok(exists (select from advisor.lints() where name = 'rls_policy_always_true' and metadata ->> 'policy' = 't_open_write'), 'rls_policy_always_true on a write');
alter table public.t_open disable row level security;
select ok(exists (select from advisor.lints() where name = 'policy_exists_rls_disabled' and metadata ->> 'name' = 't_open'), 'policy_exists_rls_disabled');
drop table public.t_open;

create view public.v_definer as select 1 as x;
select ok(exists (select from advisor.lints() where name = 'security_definer_view' and metadata ->> 'name' = 'v_definer'), 'security_definer_view');
drop view public.v_definer;

create function public.f_mutable() returns int language sql security definer as 'select 1';
select ok(exists (select from advisor.lints() where name = 'function_search_path_mutable' and metadata ->> 'name' = 'f_mutable'), 'function_search_path_mutable');
select is((select array_agg(metadata ->> 'role' order by metadata ->> 'role') from advisor.lints() where name = 'security_definer_function_executable' and metadata ->> 'name' = 'f_mutable'),
  array['anon', 'authenticated'], 'security_definer_function_executable by anon and authenticated');
comment on function public.f_mutable() is 'Hot path: RPC: meant for anon and authenticated.';
select ok(exists (select from advisor.lints() where name = 'function_search_path_mutable' and metadata ->> 'name' = 'f_mutable'),
  'a SECURITY DEFINER function cannot opt out of a pinned search_path');
comment on function public.f_mutable() is 'RPC: meant for anon and authenticated.';
select is((select array_agg(detail order by detail) from advisor.lints() where name = 'security_definer_function_executable' and metadata ->> 'name' = 'f_mutable'),
  array['Function public.f_mutable() is SECURITY DEFINER and executable by anon through PostgREST (/rpc/f_mutable).',
        'Function public.f_mutable() is SECURITY DEFINER and executable by authenticated through PostgREST (/rpc/f_mutable).'],
  'a definer in an exposed schema is flagged even when its comment says RPC: (as splinter does)');
drop function public.f_mutable();
create function private.f_body() returns int language sql security definer set search_path = pg_catalog, pg_temp as 'select 1';
revoke execute on function private.f_body() from public;
grant execute on function private.f_body() to anon;
comment on function private.f_body() is 'RPC: the body of an RPC.';
select ok(not exists (select from advisor.lints() where name = 'security_definer_function_executable' and metadata ->> 'name' = 'f_body'),
  'the body of an RPC (comment RPC:) in the api_usage schema private is not flagged');
comment on function private.f_body() is 'Something else.';
select is((select detail from advisor.lints() where name = 'security_definer_function_executable' and metadata ->> 'name' = 'f_body'),
  'Function private.f_body() is SECURITY DEFINER and executable by anon.', 'a definer there that is not an RPC body is flagged');
drop function private.f_body();
create function ops.f_hot() returns int language sql as 'select 1';
comment on function ops.f_hot() is 'Hot path: every name qualified.';
select is((select level from advisor.lints() where name = 'function_search_path_mutable' and metadata ->> 'name' = 'f_hot'), 'WARN',
  'a SECURITY INVOKER function cannot opt out either (no "Hot path:" exemption): splinter flags every function');
drop function ops.f_hot();

create table ops.t_parent (id int primary key);
create table ops.t_child (id int, parent_id int references ops.t_parent (id) on delete cascade);
select ok(exists (select from advisor.lints() where name = 'unindexed_foreign_keys' and metadata ->> 'name' = 't_child'), 'unindexed_foreign_keys');
create index on ops.t_child (parent_id);
select ok(not exists (select from advisor.lints() where name = 'unindexed_foreign_keys' and metadata ->> 'name' = 't_child'), 'an index on the key clears it');

create table ops.t_uncommented (id int);
select ok(exists (select from advisor.lints() where name = 'missing_comment' and metadata ->> 'name' = 't_uncommented'), 'missing_comment');
drop table ops.t_uncommented;

create table ops.t_reg (cfg regconfig, fn regproc, tbl regclass, role_ regrole, typ regtype);
select results_eq($$select metadata ->> 'column' from advisor.lints() where name = 'unsupported_reg_types' and metadata ->> 'name' = 't_reg' order by 1$$,
  $$values ('cfg'), ('fn')$$, 'unsupported_reg_types flags regconfig and regproc columns, not regclass, regrole or regtype');
select is((select level from advisor.lints() where name = 'unsupported_reg_types' and metadata ->> 'column' = 'cfg'), 'WARN', 'unsupported_reg_types is a WARN, as in splinter');
drop table ops.t_reg;

alter table ops.events disable trigger _100_append_only;
select ok(exists (select from advisor.lints() where name = 'events_not_append_only'), 'events_not_append_only when a guard is disabled');

select * from finish();
rollback;
