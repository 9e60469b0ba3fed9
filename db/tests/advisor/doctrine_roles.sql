-- advisor.assert_doctrine(), api_role_attributes: an API role given power beyond its grants is
-- caught, naming the role. Role attributes are cluster-wide, so they are planted inside this test's
-- transaction (rolled back at the end), never where another test could see them. As the
-- Supabase-style postgres (CREATEROLE, not a superuser) CREATEDB and CREATEROLE can be planted;
-- SUPERUSER, REPLICATION and BYPASSRLS only by a superuser, so those cases run where it is one.
begin;
select plan(case when (select rolsuper from pg_roles where rolname = current_user) then 12 else 8 end);

create function pg_temp.role_problems(role_name text) returns setof text language sql as $$
  select a.problem from advisor.assert_doctrine() a where a.check_name = 'api_role_attributes' and a.object = role_name order by 1
$$;

select is_empty($$ select * from advisor.assert_doctrine() where check_name = 'api_role_attributes' $$,
  'the API roles hold no extra attribute (service_role''s BYPASSRLS is Supabase''s own)');

alter role authenticated createdb;
select results_eq($$ select pg_temp.role_problems('authenticated') $$, array['authenticated has CREATEDB'], 'authenticated with CREATEDB is caught');
alter role authenticated nocreatedb;
alter role anon createrole;
select results_eq($$ select pg_temp.role_problems('anon') $$, array['anon has CREATEROLE'], 'anon with CREATEROLE is caught');
alter role anon nocreaterole;
alter role authenticator createdb createrole;
select results_eq($$ select pg_temp.role_problems('authenticator') $$, array['authenticator has CREATEDB', 'authenticator has CREATEROLE'],
  'authenticator with CREATEDB and CREATEROLE: both named');
alter role authenticator nocreatedb nocreaterole;
alter role service_role createdb;
select results_eq($$ select pg_temp.role_problems('service_role') $$, array['service_role has CREATEDB'], 'service_role with CREATEDB is caught');
select is((select fix from advisor.assert_doctrine() where check_name = 'api_role_attributes' and object = 'service_role'),
  'as a role with CREATEROLE (or the superuser for SUPERUSER/REPLICATION): alter role service_role nocreatedb', 'the finding says how to undo it');
alter role service_role nocreatedb;
select is_empty($$ select * from advisor.assert_doctrine() where check_name = 'api_role_attributes' $$, 'clean again once undone');

-- a superuser can plant the rest
create function pg_temp.as_superuser_only() returns setof text language plpgsql as $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    return;
  end if;
  alter role authenticated bypassrls;
  return query select pg_temp.role_problems('authenticated');
  alter role authenticated nobypassrls;
  alter role anon superuser;
  return query select pg_temp.role_problems('anon');
  alter role anon nosuperuser;
  alter role authenticator replication;
  return query select pg_temp.role_problems('authenticator');
  alter role authenticator noreplication;
end
$$;
create temp table superuser_plants as select * from pg_temp.as_superuser_only() p;
select is(count(*)::int, 0, 'nothing left planted') from pg_roles
 where rolname in ('anon', 'authenticated', 'authenticator') and (rolsuper or rolbypassrls or rolreplication or rolcreatedb or rolcreaterole);
-- (the four below run where the caller is a superuser; the plan counts them only there)
select ok(exists (select from superuser_plants p where p = 'authenticated has BYPASSRLS'), 'authenticated with BYPASSRLS is caught')
 where (select rolsuper from pg_roles where rolname = current_user);
select ok(exists (select from superuser_plants p where p = 'anon has SUPERUSER'), 'anon as a superuser is caught')
 where (select rolsuper from pg_roles where rolname = current_user);
select ok(exists (select from superuser_plants p where p = 'authenticator has REPLICATION'), 'authenticator with REPLICATION is caught')
 where (select rolsuper from pg_roles where rolname = current_user);
select is((select count(*)::int from superuser_plants), 3, 'exactly the three planted attributes, nothing else')
 where (select rolsuper from pg_roles where rolname = current_user);

select * from finish();
rollback;
