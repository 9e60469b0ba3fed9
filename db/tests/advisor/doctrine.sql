-- advisor.assert_doctrine(): clean on the migrated database, and each kind of violation is caught
-- on objects created here (catalog-driven: no list names them).
begin;
select plan(27);

-- on Supabase, `postgres` cannot revoke what supabase_admin granted service_role on the vault: the
-- check reports it (vault_direct_access) and that is all it may report
select is_empty($$select * from advisor.assert_doctrine() a
                  where not (a.check_name = 'vault_direct_access'
                             and not pg_has_role(current_user, split_part(split_part(a.fix, ':', 1), ' ', 2), 'member'))$$,
  'the migrated database satisfies the doctrine (but for vault grants only another role can revoke)');

-- catalog-driven coverage, stated directly: every table of ours has RLS, every schema is registered
select is_empty($$
  select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and advisor.is_ours(n.nspname) and not c.relrowsecurity$$,
  'every table in our schemas has RLS enabled');
select is_empty($$select nspname from pg_namespace n where advisor.is_ours(nspname)
  and not exists (select from catalog.schemas s where s.name = n.nspname)$$, 'every schema of ours is in the registry');
select ok(not advisor.is_ours('auth') and not advisor.is_ours('storage') and not advisor.is_ours('supabase_functions')
  and not advisor.is_ours('graphile_migrate') and advisor.is_ours('ops'), 'Supabase''s and the tools'' schemas are left out');

create table ops.t_no_rls (id int);
select results_eq($$select check_name, object from advisor.assert_doctrine() where object = 'ops.t_no_rls'$$,
  $$values ('rls_enabled', 'ops.t_no_rls')$$, 'a table without RLS in ops is caught');
drop table ops.t_no_rls;

create table public.t_granted (id int);
alter table public.t_granted enable row level security;
select results_eq($$select distinct check_name from advisor.assert_doctrine() where object = 'public.t_granted'$$,
  $$values ('policy_present')$$, 'a policy-less table granted to API roles is caught');
create policy t_granted_read on public.t_granted for select to anon, authenticated using (id = 1);
select is_empty($$select * from advisor.assert_doctrine() where object = 'public.t_granted'$$, 'with a policy for both roles it is clean');
drop table public.t_granted;

create table public.t_policy_no_rls (id int);
create policy p on public.t_policy_no_rls to authenticated using (true);
select results_eq($$select distinct check_name from advisor.assert_doctrine() where object = 'public.t_policy_no_rls' order by 1$$,
  $$values ('policy_present'), ('policy_without_rls'), ('rls_enabled')$$, 'a policy on a table without RLS is caught');
drop table public.t_policy_no_rls;

create view public.v_definer as select 1 as x;
select results_eq($$select check_name from advisor.assert_doctrine() where object = 'public.v_definer'$$,
  $$values ('view_security_invoker')$$, 'a security-definer view in an exposed schema is caught');
alter view public.v_definer set (security_invoker = yes);
select is_empty($$select * from advisor.assert_doctrine() where object = 'public.v_definer'$$, 'security_invoker makes it clean (written yes, as the server accepts it)');
drop view public.v_definer;

create function ops.f_definer() returns int language sql security definer as 'select 1';
select results_eq($$select check_name from advisor.assert_doctrine() where object = 'ops.f_definer()' order by 1$$,
  $$values ('definer_execute'), ('definer_search_path')$$, 'a SECURITY DEFINER function without search_path, executable by PUBLIC, is caught');
drop function ops.f_definer();

grant usage on schema ops to anon;
select results_eq($$select check_name, problem from advisor.assert_doctrine() where object = 'ops'$$,
  $$values ('schema_not_exposed', 'anon has USAGE on a schema that is not exposed')$$, 'USAGE on a non-exposed schema for anon is caught');
revoke usage on schema ops from anon;

select is_empty($$select * from advisor.assert_doctrine() where object = 'private'$$,
  'the API roles'' USAGE on private is accepted: the registry marks it api_usage');
update catalog.schemas set api_usage = false where name = 'private';
select results_eq($$select check_name, problem from advisor.assert_doctrine() where object = 'private' order by problem$$,
  $$values ('schema_not_exposed', 'anon has USAGE on a schema that is not exposed'),
           ('schema_not_exposed', 'authenticated has USAGE on a schema that is not exposed'),
           ('schema_not_exposed', 'service_role has USAGE on a schema that is not exposed')$$,
  'without api_usage the same USAGE is caught');
update catalog.schemas set api_usage = true where name = 'private';
create table private.t_table (id int);
alter table private.t_table enable row level security;
create view private.t_view with (security_invoker = true) as select 1 as x;
create sequence private.t_seq;
create function private.t_invoker() returns int language sql set search_path = pg_catalog, pg_temp as 'select 1';
create function private.t_public() returns int language sql security definer set search_path = pg_catalog, pg_temp as 'select 1';
create function private.t_path() returns int language sql security definer set search_path = '' as 'select 1';
revoke execute on function private.t_invoker(), private.t_path() from public;
select results_eq($$select object, problem from advisor.assert_doctrine() where check_name = 'api_usage_schema' order by object, problem$$,
  $$values ('private.t_invoker()', 'SECURITY INVOKER function in a schema marked api_usage'),
           ('private.t_path()', 'SECURITY DEFINER function without search_path pinned with pg_temp last'),
           ('private.t_public()', 'function executable by PUBLIC in a schema marked api_usage'),
           ('private.t_seq', 'sequence in a schema marked api_usage, which API roles may use'),
           ('private.t_table', 'table in a schema marked api_usage, which API roles may use'),
           ('private.t_view', 'view in a schema marked api_usage, which API roles may use')$$,
  'an api_usage schema holds only SECURITY DEFINER functions with pg_temp last and no EXECUTE for PUBLIC');
drop table private.t_table;
drop view private.t_view;
drop sequence private.t_seq;
drop function private.t_invoker(), private.t_public(), private.t_path();
select is_empty($$select * from advisor.assert_doctrine() where check_name = 'api_usage_schema'$$, 'private as deployed satisfies it');

create schema t_unregistered;
select results_eq($$select check_name from advisor.assert_doctrine() where object = 't_unregistered'$$,
  $$values ('schema_registered')$$, 'a schema missing from the registry is caught');
drop schema t_unregistered;

revoke usage on schema rag from anon;
select results_eq($$select check_name from advisor.assert_doctrine() where object = 'rag'$$,
  $$values ('exposed_schema_usable')$$, 'an exposed schema the API roles cannot use is caught');
grant usage on schema rag to anon;

alter role authenticator set pgrst.db_schemas = 'public, storage';
select results_eq($$select check_name, problem from advisor.assert_doctrine() where object = 'authenticator'$$,
  $$values ('pgrst_db_schemas', 'pgrst.db_schemas is public, storage but the registry exposes public, rag')$$,
  'PostgREST''s db-schemas differing from the registry is caught');
alter role authenticator set pgrst.db_schemas = 'rag,public';
select is_empty($$select * from advisor.assert_doctrine() where object = 'authenticator'$$, 'the same list in another order is clean');
alter role authenticator reset pgrst.db_schemas;

alter table ops.events disable trigger _100_append_only;
select ok(exists (select from advisor.assert_doctrine() where check_name = 'events_append_only' and problem like '%disabled%'),
  'a disabled guard trigger on ops.events is caught');
alter table ops.events enable trigger _100_append_only;

alter table ops.seal_anchors disable trigger _100_append_only;
select ok(exists (select from advisor.assert_doctrine() where check_name = 'append_only' and object = 'ops.seal_anchors' and problem like '%disabled%'),
  'a disabled guard trigger on the anchor receipts (ops.seal_anchors) is caught');
alter table ops.seal_anchors enable trigger _100_append_only;

grant truncate on ops.event_archives to service_role;
select ok(exists (select from advisor.assert_doctrine() where object = 'ops.event_archives' and problem like '%service_role holds TRUNCATE%'),
  'a TRUNCATE grant on the archive ledger is caught');
revoke truncate on ops.event_archives from service_role;

grant delete on control_plane.access_log_seals to service_role;
select ok(exists (select from advisor.assert_doctrine() where object = 'control_plane.access_log_seals' and problem like '%service_role holds DELETE%'),
  'a DELETE grant on the access log''s seals is caught');
revoke delete on control_plane.access_log_seals from service_role;

grant update on ops.events to service_role;
select ok(exists (select from advisor.assert_doctrine() where check_name = 'events_append_only' and problem like '%service_role holds UPDATE%'),
  'an UPDATE grant on ops.events is caught');

do $$ begin execute format('grant temporary on database %I to authenticated', current_database()); end $$;
select results_eq($$select check_name, object, problem from advisor.assert_doctrine() where check_name = 'temp_not_granted'$$,
  format($$values ('temp_not_granted', 'authenticated', 'authenticated can create temporary objects in database %s')$$, current_database()),
  'an API role that may create temporary objects is caught');
do $$ begin execute format('revoke temporary on database %I from authenticated', current_database()); end $$;
select is_empty($$select * from advisor.assert_doctrine() where check_name = 'temp_not_granted'$$, 'without TEMP it is clean');

select * from finish();
rollback;
