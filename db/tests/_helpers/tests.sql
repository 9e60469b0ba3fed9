-- Helpers for pgTAP files, installed in test databases only (never by migrations).
-- They do per transaction what PostgREST does per request: switch role, set the JWT claims and
-- the request headers with set_config(..., true). Every test file ends with rollback.
create schema if not exists tests;
comment on schema tests is 'pgTAP helpers (test databases only).';

create or replace function tests.act_as(role text, claims jsonb default '{}', headers jsonb default '{}')
returns void
language plpgsql volatile
as $$
begin
  if role not in ('anon', 'authenticated', 'service_role') then
    raise exception 'tests.act_as: % is not an API role', role using errcode = '22023';
  end if;
  perform set_config('request.jwt.claims', (jsonb_build_object('role', role) || claims)::text, true);
  perform set_config('request.headers', headers::text, true);
  perform set_config('role', role, true);
end
$$;
comment on function tests.act_as(text, jsonb, jsonb) is 'Switch the transaction to an API role with JWT claims and request headers, as PostgREST does.';

create or replace function tests.as_anon(headers jsonb default '{}') returns void
language sql volatile as $$ select tests.act_as('anon', '{}', headers) $$;
comment on function tests.as_anon(jsonb) is 'Act as an anonymous PostgREST request.';

create or replace function tests.as_user(sub uuid, extra jsonb default '{}', headers jsonb default '{}') returns void
language sql volatile as $$ select tests.act_as('authenticated', jsonb_build_object('sub', sub) || extra, headers) $$;
comment on function tests.as_user(uuid, jsonb, jsonb) is 'Act as an authenticated user with this sub claim.';

create or replace function tests.as_service(extra jsonb default '{}', headers jsonb default '{}') returns void
language sql volatile as $$ select tests.act_as('service_role', extra, headers) $$;
comment on function tests.as_service(jsonb, jsonb) is 'Act as service_role.';

create or replace function tests.as_root() returns void
language plpgsql volatile as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '', true);
  perform set_config('request.headers', '', true);
end
$$;
comment on function tests.as_root() is 'Back to the session user (the superuser running the test).';

create or replace function tests.refused(role text, statement text) returns boolean
language plpgsql volatile as $$
begin
  perform tests.act_as(role);
  begin
    execute statement;
  exception when insufficient_privilege then
    perform tests.as_root();
    return true;
  end;
  perform tests.as_root();
  return false;
end
$$;
comment on function tests.refused(text, text) is 'Runs a statement as an API role (no claims); true when it is refused for lack of privilege (42501). Back to the session user either way; what the statement did when allowed stays.';

grant usage on schema tests to anon, authenticated, service_role;
grant execute on all functions in schema tests to anon, authenticated, service_role;
