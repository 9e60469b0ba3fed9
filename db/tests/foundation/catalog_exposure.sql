-- What PUBLIC may do in pg_catalog that the API roles need not: read row counts and write rates of
-- every table (pg_stat_user_tables, pg_statio_*, pg_stat_get_live_tuples(oid) …) and create large
-- objects (lo_create, lo_from_bytea …), both outside RLS. The root bootstrap revokes them from
-- PUBLIC where it may: as a superuser (the embedded cluster) it can, so anon is refused; as
-- Supabase's `postgres` it cannot (pg_catalog belongs to supabase_admin), so there anon still can,
-- and advisor.catalog_exposure() and the doctor say exactly that.
begin;
select plan(10);

-- whether the connecting role can revoke what pg_catalog's owner granted to PUBLIC
create function pg_temp.may_revoke() returns boolean language sql stable as $$
  select rolsuper or pg_has_role(current_user, (select nspowner from pg_namespace where nspname = 'pg_catalog'), 'member')
    from pg_roles where rolname = current_user $$;

select is(tests.refused('anon', 'select count(*) from pg_catalog.pg_stat_user_tables'), pg_temp.may_revoke(),
  'anon reads pg_stat_user_tables (row counts of every table) only where the bootstrap could not revoke it');
-- the oid is a literal: anon may not even resolve a name in schema ops
select is(tests.refused('anon', format('select pg_catalog.pg_stat_get_live_tuples(%s::oid)', 'ops.events'::regclass::oid)), pg_temp.may_revoke(),
  'anon calls pg_stat_get_live_tuples(oid) only where the bootstrap could not revoke it');
select is(tests.refused('anon', 'select count(*) from pg_catalog.pg_statio_user_tables'), pg_temp.may_revoke(),
  'anon reads pg_statio_user_tables only where the bootstrap could not revoke it');
select is(tests.refused('anon', 'select pg_catalog.lo_create(0)'), pg_temp.may_revoke(),
  'anon creates a large object with lo_create only where the bootstrap could not revoke it');
select is(tests.refused('anon', $$select pg_catalog.lo_from_bytea(0, '\x00'::bytea)$$), pg_temp.may_revoke(),
  'anon creates a large object with lo_from_bytea only where the bootstrap could not revoke it');
select is(tests.refused('anon', 'select pg_catalog.lo_creat(-1)'), pg_temp.may_revoke(),
  'anon creates a large object with lo_creat only where the bootstrap could not revoke it');

-- what is left is reported, with the owner who can revoke it, and only that
select is(
  (select count(*) > 0 from advisor.catalog_exposure() where role_name = 'anon' and object in ('pg_catalog.pg_stat_user_tables', 'pg_catalog.lo_create(oid)')),
  not pg_temp.may_revoke(), 'advisor.catalog_exposure() lists anon''s pg_stat_user_tables and lo_create exactly where they are left');
select is_empty($$ select * from advisor.catalog_exposure() e
                   where pg_has_role(current_user, e.revoker, 'member') $$,
  'nothing is left that the connecting role could have revoked');
select is((select status from advisor.run_checks() where check_id = 'catalog_exposure'),
  case when pg_temp.may_revoke() then 'pass' else 'fail' end, 'the doctor fails catalog_exposure exactly where something is left');

-- monitoring keeps its view of the statistics
select ok(has_table_privilege('pg_monitor', 'pg_catalog.pg_stat_user_tables', 'select')
          and has_function_privilege('pg_monitor', 'pg_catalog.pg_stat_get_live_tuples(oid)', 'execute'),
  'pg_monitor still reads the statistics');

select * from finish();
rollback;
