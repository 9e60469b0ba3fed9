-- Supabase's API roles, created only where missing (a Supabase database already has them).
-- anon and authenticated obey RLS; service_role bypasses it; authenticator is what PostgREST logs
-- in as, noinherit, switching to one of the three per request.
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
end
$$;

-- Attributes are enforced even when the roles already existed with other settings.
alter role anon nologin noinherit nobypassrls;
alter role authenticated nologin noinherit nobypassrls;
alter role service_role nologin noinherit bypassrls;
alter role authenticator login noinherit nobypassrls;

grant anon, authenticated, service_role to authenticator;

-- Statement timeouts are not set here but by the root bootstrap, on every target and only where a
-- role has none (a value someone chose is kept): src/bootstrap/roles.ts, STATEMENT_TIMEOUTS.

comment on role anon is 'PostgREST role for requests without a JWT; RLS applies.';
comment on role authenticated is 'PostgREST role for requests with a user JWT; RLS applies.';
comment on role service_role is 'PostgREST role for trusted servers and bots; bypasses RLS.';
comment on role authenticator is 'The login role PostgREST connects as; switches to anon/authenticated/service_role per request.';
