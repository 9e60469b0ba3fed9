-- The temporary-schema attack on SECURITY DEFINER functions, replayed as each API role.
--
-- PostgreSQL searches the session's temporary schema first for table and type names unless the
-- search_path lists pg_temp, and `search_path = ''` does not. A caller who may create temporary
-- objects makes a domain pg_temp.text whose CHECK calls a function of theirs, then calls a definer:
-- if the definer (or anything it runs, such as a trigger) resolves `text` through its path, the
-- caller's function runs with the definer owner's rights. Here every API role gets TEMP for this
-- transaction only (so the attack can be set up at all), shadows common types with such domains,
-- and calls every SECURITY DEFINER function it may execute (catalog-driven, NULL arguments) plus
-- realistic calls of the public RPCs. The spy records the role it ran as in two ways: the
-- setting attack.ran_as (undone when a call fails, as settings roll back with the savepoint) and
-- a temporary sequence (sequences are not transactional, so a failed call still leaves its mark).
begin;
select plan(16);
set local client_min_messages = error; -- refused secret reads raise a WARNING (SS220) by design

-- the root bootstrap revoked TEMP from PUBLIC: as deployed, no API role can even set the attack up
select is_empty($$ select rolname from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator')
                     and has_database_privilege(oid, current_database(), 'temporary') $$,
  'no API role may create temporary objects in this database');
select tests.as_anon();
select throws_ok($$ create domain pg_temp.text as pg_catalog.text $$, '42501', null, 'anon cannot create a temporary domain');
select tests.as_root();

do $$ begin execute format('grant temporary on database %I to anon, authenticated, service_role', current_database()); end $$;

-- fixtures for the realistic calls: a signed webhook, a bot's secret
insert into odoo.instances (slug, name, webhook_secret_name, max_body_bytes, active)
  values ('t-pgtemp', 'Temp schema probe', 'test.odoo.t-pgtemp.webhook', 4096, true);
select vault.create_secret('pgtemp-0123456789abcdef0123456789abcdef', 'test.odoo.t-pgtemp.webhook');
select control_plane.set_secret('vercel_api_token', 'vtok-pgtemp-0001');
create temp table webhook_request as
  select b.body, jsonb_build_object('x-ipai-instance', 't-pgtemp', 'x-ipai-timestamp', b.ts,
           'x-ipai-signature', encode(extensions.hmac(b.ts || '.' || b.body, 'pgtemp-0123456789abcdef0123456789abcdef', 'sha256'), 'hex')) as headers
  from (select '{"event_type": "write", "aggregate_type": "project.task", "aggregate_id": 7, "payload": {"name": "probe"}}'::text as body,
               extract(epoch from now())::bigint::text as ts) b;

-- Every SECURITY DEFINER function a role may execute, called with NULL arguments (computed here,
-- as the test's own role, before any shadowing domain exists).
create function pg_temp.definer_calls(r name) returns text[]
language sql stable set search_path = pg_catalog, pg_temp as $$
  select coalesce(array_agg(format('select %I.%I(%s)', n.nspname, p.proname,
           coalesce((select string_agg('null::' || format_type(a.t, null), ', ' order by a.i)
                     from unnest(p.proargtypes::oid[]) with ordinality a(t, i)), '')) order by n.nspname, p.proname), '{}')
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where p.prosecdef and p.prokind = 'f' and p.prorettype <> 'trigger'::regtype
    and n.nspname not in ('pg_catalog', 'information_schema')
    and has_function_privilege(r, p.oid, 'execute') and has_schema_privilege(r, n.oid, 'usage')
    and not exists (select from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
$$;

-- The attack as role r: its own spy, counter and shadowing domains in pg_temp, then each call in a
-- savepoint that is always rolled back. One row per call: its result (NULL when it failed), its
-- SQLSTATE, and the role the spy ran as during that call (NULL when it did not run as another).
create function pg_temp.replay(r name, claims jsonb, headers jsonb, calls text[],
  out stmt text, out result text, out state text, out ran_as text)
returns setof record
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
declare
  shadowed text[] := array['text', 'jsonb', 'uuid', 'bytea', 'timestamptz', 'int4', 'int8', 'name', 'inet', 'regclass'];
  t text;
  hits_before bigint;
  hits_after bigint;
begin
  perform set_config('request.jwt.claims', (jsonb_build_object('role', r) || claims)::text, true);
  perform set_config('request.headers', headers::text, true);
  perform set_config('role', r, true);
  perform set_config('attack.ran_as', '', false);
  -- as r, from here on
  create sequence pg_temp.attack_hits;
  create sequence pg_temp.attack_ran_as minvalue 0;
  grant all on sequence pg_temp.attack_hits, pg_temp.attack_ran_as to public;
  execute format($spy$
    create function pg_temp.spy() returns pg_catalog.bool
    language plpgsql set search_path = pg_catalog, pg_temp as $f$
    begin
      if current_user operator(pg_catalog.<>) %L then
        perform pg_catalog.set_config('attack.ran_as', current_user::pg_catalog.text, false);
        perform pg_catalog.nextval('pg_temp.attack_hits');
        perform pg_catalog.setval('pg_temp.attack_ran_as', (select o.oid from pg_catalog.pg_roles o where o.rolname = current_user)::pg_catalog.int8);
      end if;
      return true;
    end $f$ $spy$, r);
  foreach t in array shadowed loop
    execute format('create domain pg_temp.%I as pg_catalog.%I check (pg_temp.spy())', t, t);
  end loop;

  foreach stmt in array calls loop
    hits_before := (select case when s.is_called then s.last_value else 0 end from pg_temp.attack_hits s);
    result := null;
    state := null;
    ran_as := null;
    begin
      execute stmt into result;
      ran_as := nullif(current_setting('attack.ran_as', true), '');
      raise exception 'replay: undo' using errcode = 'SS999';
    exception when others then
      if sqlstate <> 'SS999' then
        state := sqlstate;
        result := null;
      end if;
    end;
    hits_after := (select case when s.is_called then s.last_value else 0 end from pg_temp.attack_hits s);
    if hits_after > hits_before then
      ran_as := coalesce(ran_as, (select o.rolname::text from pg_catalog.pg_roles o where o.oid = (select s.last_value from pg_temp.attack_ran_as s)));
    end if;
    return next;
  end loop;

  -- back to the test's own role, which removes the attacker's objects
  perform set_config('role', 'none', true);
  foreach t in array shadowed loop
    execute format('drop domain pg_temp.%I', t);
  end loop;
  drop function pg_temp.spy();
  drop sequence pg_temp.attack_hits, pg_temp.attack_ran_as;
  perform set_config('request.jwt.claims', '', true);
  perform set_config('request.headers', '', true);
end
$$;

create temp table replayed (role name, call text, result text, state text, ran_as text);

-- The replay can fail: a definer with search_path = '' (the form every definer here had) runs the
-- caller's temporary function as its owner.
create function public.t_pgtemp_canary(p text) returns text
language plpgsql volatile security definer set search_path = '' as $$
declare
  v text := p;
begin
  return v;
end
$$;
revoke execute on function public.t_pgtemp_canary(text) from public;
grant execute on function public.t_pgtemp_canary(text) to anon;
select results_eq(
  $$ select result, ran_as from pg_temp.replay('anon', '{}', '{}', array['select public.t_pgtemp_canary(''x'')']) $$,
  $$ values ('x'::text, session_user::text collate pg_catalog."default") $$,
  'with search_path = '''' the caller''s temporary domain runs its function as the definer''s owner');
alter function public.t_pgtemp_canary(text) set search_path = pg_catalog, pg_temp;
select results_eq(
  $$ select result, ran_as from pg_temp.replay('anon', '{}', '{}', array['select public.t_pgtemp_canary(''x'')']) $$,
  $$ values ('x'::text, null::text) $$,
  'with search_path = pg_catalog, pg_temp it resolves pg_catalog.text and the spy never runs');
drop function public.t_pgtemp_canary(text);

-- the replay, as each API role
insert into replayed
  select 'anon', x.* from webhook_request w,
    pg_temp.replay('anon', '{}', w.headers,
      pg_temp.definer_calls('anon') || format('select public.odoo_webhook(%L)', w.body)) x;
insert into replayed
  select 'authenticated', x.* from pg_temp.replay('authenticated',
    '{"sub": "11111111-1111-4111-8111-111111111111", "bot_id": "vercel-bot"}', '{}',
    pg_temp.definer_calls('authenticated') || array['select public.control_plane_request_secret(''vercel-bot'', ''vercel_api_token'')']) x;
insert into replayed
  select 'service_role', x.* from webhook_request w,
    pg_temp.replay('service_role', '{}', w.headers,
      pg_temp.definer_calls('service_role') || array[
        format('select public.odoo_webhook(%L)', w.body),
        'select public.control_plane_request_secret(''vercel-bot'', ''vercel_api_token'')',
        'select public.ops_emit(''tests.pgtemp'', ''probe'', ''{"n": 1}''::jsonb)']) x;

select ok((select count(*) from replayed where role = 'anon') >= 2, 'anon called every definer it may execute');
select ok((select count(*) from replayed where role = 'authenticated') >= 2, 'authenticated called every definer it may execute');
-- (the vault's definers are no longer among them: service_role has nothing on schema vault)
select ok((select count(*) from replayed where role = 'service_role') >= 9, 'service_role called every definer it may execute');
select ok(exists (select from replayed where role = 'anon' and call = 'select private.odoo_webhook(null::text)'),
  'the catalog-driven list holds the definer bodies of the RPCs (private.odoo_webhook for anon)');

select is_empty($$ select call, ran_as from replayed where role = 'anon' and ran_as is distinct from null and ran_as <> 'anon' $$,
  'anon: no temporary function of the caller ran with another role''s rights');
select is_empty($$ select call, ran_as from replayed where role = 'authenticated' and ran_as is distinct from null and ran_as <> 'authenticated' $$,
  'authenticated: no temporary function of the caller ran with another role''s rights');
select is_empty($$ select call, ran_as from replayed where role = 'service_role' and ran_as is distinct from null and ran_as <> 'service_role' $$,
  'service_role: no temporary function of the caller ran with another role''s rights');

-- the realistic calls went all the way through (accepted, read, emitted), shadowing in place
select ok((select result from replayed where role = 'anon' and call like 'select public.odoo_webhook(''{%') ~ '^[0-9a-f-]{36}$',
  'anon: a signed webhook is accepted under the attack');
select ok((select result from replayed where role = 'authenticated' and call like 'select public.control_plane_request_secret(''vercel-bot''%') ~ '^[0-9a-f-]{36}$',
  'authenticated (the bot''s JWT): a read ticket is issued under the attack');
select ok((select result from replayed where role = 'service_role' and call like 'select public.odoo_webhook(''{%') ~ '^[0-9a-f-]{36}$',
  'service_role: a signed webhook is accepted under the attack');
select ok((select result from replayed where role = 'service_role' and call like 'select public.control_plane_request_secret(''vercel-bot''%') ~ '^[0-9a-f-]{36}$',
  'service_role: a read ticket is issued under the attack');
select ok((select result from replayed where role = 'service_role' and call like 'select public.ops_emit(''tests.pgtemp''%')::bigint > 0,
  'service_role: an event is emitted under the attack');

select * from finish();
rollback;
