-- The Supabase API roles and their attributes (db/compat/10_roles.sql).
begin;
select plan(14);

select has_role('anon');
select has_role('authenticated');
select has_role('service_role');
select has_role('authenticator');
select ok((select rolbypassrls from pg_roles where rolname = 'service_role'), 'service_role bypasses RLS');
select ok(not (select rolbypassrls from pg_roles where rolname = 'anon'), 'anon does not bypass RLS');
select ok(not (select rolbypassrls from pg_roles where rolname = 'authenticated'), 'authenticated does not bypass RLS');
select ok(not (select rolinherit from pg_roles where rolname = 'authenticator'), 'authenticator is noinherit');
select ok((select rolcanlogin from pg_roles where rolname = 'authenticator'), 'authenticator can log in');
select ok(not (select bool_or(rolcanlogin) from pg_roles where rolname in ('anon', 'authenticated', 'service_role')), 'API roles cannot log in');
select ok(pg_has_role('authenticator', 'anon', 'member') and pg_has_role('authenticator', 'service_role', 'member'), 'authenticator can switch to the API roles');
select ok(not (select bool_or(rolsuper) from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator')), 'no API role is a superuser');

select is(
  (select s.setconfig from pg_db_role_setting s join pg_roles r on r.oid = s.setrole where r.rolname = 'anon' and s.setdatabase = 0),
  array['statement_timeout=3s'], 'anon has a 3 s statement timeout');
select is(
  (select s.setconfig from pg_db_role_setting s join pg_roles r on r.oid = s.setrole where r.rolname = 'authenticated' and s.setdatabase = 0),
  array['statement_timeout=8s'], 'authenticated has an 8 s statement timeout');

select * from finish();
rollback;
