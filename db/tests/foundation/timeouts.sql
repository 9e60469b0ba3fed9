-- Statement timeouts apply when PostgREST's authenticator logs in and when it switches to anon,
-- authenticated or service_role. `set role` does not load a role's settings; PostgREST reads them
-- from pg_db_role_setting and applies them per request, so that is where they are checked. The
-- values are Supabase's (anon 3s, authenticated and authenticator 8s) and, for service_role, the 8s
-- Supabase documents it falls back to from authenticator; the root bootstrap sets the missing ones
-- (on the Supabase profile, service_role's is set by `postgres`).
begin;
select plan(4);

create function pg_temp.timeout_of(role_name text) returns text language sql stable as $$
  select (regexp_match(array_to_string(s.setconfig, ','), 'statement_timeout=([^,]+)'))[1]
    from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
   where r.rolname = role_name and s.setdatabase = 0 $$;

select is(pg_temp.timeout_of('anon'), '3s', 'anon: statement_timeout 3s');
select is(pg_temp.timeout_of('authenticated'), '8s', 'authenticated: statement_timeout 8s');
select is(pg_temp.timeout_of('authenticator'), '8s', 'authenticator (PostgREST''s login role): statement_timeout 8s');
select is(pg_temp.timeout_of('service_role'), '8s', 'service_role: statement_timeout 8s (a request as service_role is bounded too)');

select * from finish();
rollback;
