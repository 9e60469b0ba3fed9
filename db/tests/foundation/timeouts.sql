-- Statement timeouts apply when PostgREST's authenticator switches to anon and authenticated.
-- `set role` does not load a role's settings; PostgREST reads them from pg_db_role_setting and
-- applies them per request, so that is where they are checked.
begin;
select plan(3);

select is(
  (select (regexp_match(array_to_string(s.setconfig, ','), 'statement_timeout=([^,]+)'))[1]
     from pg_db_role_setting s join pg_roles r on r.oid = s.setrole where r.rolname = 'anon'),
  '3s', 'anon: statement_timeout 3s');
select is(
  (select (regexp_match(array_to_string(s.setconfig, ','), 'statement_timeout=([^,]+)'))[1]
     from pg_db_role_setting s join pg_roles r on r.oid = s.setrole where r.rolname = 'authenticated'),
  '8s', 'authenticated: statement_timeout 8s');
select is(
  (select count(*)::int from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
    where r.rolname = 'service_role' and array_to_string(s.setconfig, ',') like '%statement_timeout%'),
  0, 'service_role has no statement timeout (long admin RPCs)');

select * from finish();
rollback;
