-- The splinter-named lints on views and functions (0010, 0011, 0028, 0029) answer as splinter does,
-- and the project lints split from them (security_definer_view_reachable,
-- security_definer_function_executable; function_search_path_unsafe is in search_path.sql) judge
-- what splinter leaves out, without reporting an object twice.
begin;
select plan(20);

create function pg_temp.keys(m jsonb) returns text[] language sql immutable as $$ select array_agg(k order by k) from jsonb_object_keys(m) k $$;

-- 0010 security_definer_view: exposed schemas only, security_invoker as PostgreSQL reads it
create view public.v_par as select 1 as x;
revoke all on public.v_par from public, anon, authenticated;
select is_empty($$select from advisor.lints() where name = 'security_definer_view' and metadata ->> 'name' = 'v_par'$$,
  'security_definer_view: quiet while no API role may read the view');
grant select on public.v_par to authenticated;
select results_eq($$select level, pg_temp.keys(metadata), cache_key from advisor.lints() where name = 'security_definer_view' and metadata ->> 'name' = 'v_par'$$,
  $$values ('ERROR'::text, array['name', 'schema', 'type'], 'security_definer_view_public_v_par'::text)$$,
  'security_definer_view fires on a view authenticated can read that runs with its owner''s rights');
alter view public.v_par set (security_invoker = yes);
select is_empty($$select from advisor.lints() where name like 'security\_definer\_view%' and metadata ->> 'name' = 'v_par'$$,
  'security_invoker = yes clears it (1, yes, true and on all count)');
alter view public.v_par set (security_invoker = 1);
select is_empty($$select from advisor.lints() where name like 'security\_definer\_view%' and metadata ->> 'name' = 'v_par'$$, 'so does security_invoker = 1');
drop view public.v_par;

-- … and a definer view outside them is the project lint security_definer_view_reachable
create view private.v_par as select 1 as x;
grant select on private.v_par to anon;
select is((select array_agg(name || ' ' || level || ' ' || cache_key) from advisor.lints() where name like 'security\_definer\_view%' and metadata ->> 'name' = 'v_par'),
  array['security_definer_view_reachable ERROR security_definer_view_reachable_private_v_par'],
  'a definer view anon can read in private is security_definer_view_reachable, not security_definer_view');
alter view private.v_par set (security_invoker = on);
select is_empty($$select from advisor.lints() where name like 'security\_definer\_view%' and metadata ->> 'name' = 'v_par'$$,
  'security_definer_view_reachable is quiet once the view is security_invoker');
drop view private.v_par;

-- 0011 function_search_path_mutable: fires exactly when no search_path is pinned, for any kind of function
create function public.f_par(x int) returns int language sql as 'select x';
create aggregate public.agg_par(int) (sfunc = int4pl, stype = int);
create procedure ops.p_par() language sql set search_path = '' as 'select 1';
select results_eq($$select level, pg_temp.keys(metadata), cache_key from advisor.lints()
                     where name = 'function_search_path_mutable' and metadata ->> 'name' in ('f_par', 'agg_par', 'p_par') order by metadata ->> 'name'$$,
  $$values ('WARN'::text, array['name', 'schema', 'type'], 'function_search_path_mutable_public_agg_par_' || md5('aggregate_dummy')),
           ('WARN'::text, array['name', 'schema', 'type'], 'function_search_path_mutable_public_f_par_' || md5('select x'))$$,
  'function_search_path_mutable fires on a function and an aggregate without a pinned path (WARN, md5 of the body in its cache_key), not on a pinned empty path');
alter function public.f_par(int) set search_path = pg_catalog, pg_temp;
select is_empty($$select from advisor.lints() where name = 'function_search_path_mutable' and metadata ->> 'name' = 'f_par'$$,
  'function_search_path_mutable is quiet once the path is pinned');
drop aggregate public.agg_par(int);
drop procedure ops.p_par();

-- 0028, 0029: a definer in an exposed schema, by PUBLIC's default EXECUTE
create function public.f_par_definer(x int) returns int language sql security definer set search_path = pg_catalog, pg_temp as 'select x';
grant execute on function public.f_par_definer(int) to public;
select results_eq($$select name, level, pg_temp.keys(metadata), metadata - 'schema' - 'name', cache_key from advisor.lints()
                     where name like '%security\_definer\_function\_executable' and metadata ->> 'name' = 'f_par_definer' order by name$$,
  $$values ('anon_security_definer_function_executable'::text, 'WARN'::text, array['arguments', 'language', 'name', 'schema', 'security_definer'],
            '{"arguments": "x integer", "language": "sql", "security_definer": true}'::jsonb,
            'anon_security_definer_function_executable_public_f_par_definer_x integer'::text),
           ('authenticated_security_definer_function_executable', 'WARN', array['arguments', 'language', 'name', 'schema', 'security_definer'],
            '{"arguments": "x integer", "language": "sql", "security_definer": true}'::jsonb,
            'authenticated_security_definer_function_executable_public_f_par_definer_x integer')$$,
  'anon_ and authenticated_security_definer_function_executable fire on a definer in public; the project lint does not repeat it');
revoke execute on function public.f_par_definer(int) from public, anon;
grant execute on function public.f_par_definer(int) to authenticated;
select is((select array_agg(name) from advisor.lints() where name like '%security\_definer\_function\_executable' and metadata ->> 'name' = 'f_par_definer'),
  array['authenticated_security_definer_function_executable'], 'revoked from PUBLIC and anon, only the authenticated one remains');
revoke execute on function public.f_par_definer(int) from authenticated;
select is_empty($$select from advisor.lints() where name like '%security\_definer\_function\_executable' and metadata ->> 'name' = 'f_par_definer'$$,
  'both are quiet once neither may execute it');
create function public.f_par_definer() returns int language sql security definer set search_path = pg_catalog, pg_temp as 'select 1';
revoke execute on function public.f_par_definer() from public, anon, authenticated;
grant execute on function public.f_par_definer() to anon;
select is((select cache_key from advisor.lints() where name = 'anon_security_definer_function_executable' and metadata ->> 'name' = 'f_par_definer'),
  'anon_security_definer_function_executable_public_f_par_definer_', 'each overload is its own row, keyed by its arguments (none here)');
comment on function public.f_par_definer() is 'RPC: an endpoint.';
select ok(exists (select from advisor.lints() where name = 'anon_security_definer_function_executable' and metadata ->> 'name' = 'f_par_definer'),
  'a comment RPC: does not excuse a definer in an exposed schema');
set local pgrst.db_schemas = 'rag';
select is((select array_agg(name || ' ' || (metadata ->> 'role')) from advisor.lints() where name like '%security\_definer\_function\_executable' and metadata ->> 'name' = 'f_par_definer'),
  array['security_definer_function_executable anon'],
  'with public not exposed (the session''s pgrst.db_schemas), the same definer is the project lint''s');
reset pgrst.db_schemas;
drop function public.f_par_definer();
drop function public.f_par_definer(int);

-- security_definer_function_executable: the schemas that are not exposed
create function private.f_par_body() returns int language sql security definer set search_path = pg_catalog, pg_temp as 'select 1';
revoke execute on function private.f_par_body() from public;
grant execute on function private.f_par_body() to anon;
comment on function private.f_par_body() is 'RPC: the body of an RPC.';
select is_empty($$select from advisor.lints() where name like '%security\_definer\_function\_executable' and metadata ->> 'name' = 'f_par_body'$$,
  'the body of an RPC (comment RPC:) in the api_usage schema private is not flagged');
comment on function private.f_par_body() is 'Something else.';
select results_eq($$select name, level, pg_temp.keys(metadata), cache_key, detail from advisor.lints()
                     where name like '%security\_definer\_function\_executable' and metadata ->> 'name' = 'f_par_body'$$,
  $$values ('security_definer_function_executable'::text, 'WARN'::text, array['name', 'role', 'schema', 'type'],
            'security_definer_function_executable_private_f_par_body_anon_' || md5('private.f_par_body()'),
            'Function private.f_par_body() is SECURITY DEFINER and executable by anon.'::text)$$,
  'a definer there that is not an RPC body is the project lint''s, not splinter''s');
revoke execute on function private.f_par_body() from anon;
select is_empty($$select from advisor.lints() where name like '%security\_definer\_function\_executable' and metadata ->> 'name' = 'f_par_body'$$,
  'quiet once anon may not execute it');
drop function private.f_par_body();

-- every definer of ours in an exposed schema is out of the API roles' reach (the RPC wrappers are invokers)
select is_empty($$select name, cache_key from advisor.lints() where name in ('anon_security_definer_function_executable',
  'authenticated_security_definer_function_executable', 'security_definer_function_executable', 'security_definer_view',
  'security_definer_view_reachable', 'function_search_path_mutable')$$, 'none of these lints reports an object of ours');
select ok(exists (select from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'private' and p.prosecdef
                   and has_function_privilege('anon', p.oid, 'execute')),
  'while definers in private that anon executes exist (the RPC bodies), so the exemption is exercised');
set local pgrst.db_schemas = 'public, rag, private';
select ok(exists (select from advisor.lints() where name = 'anon_security_definer_function_executable' and metadata ->> 'schema' = 'private'),
  'were private exposed, its RPC bodies would be reported under splinter''s name');
reset pgrst.db_schemas;

select * from finish();
rollback;
