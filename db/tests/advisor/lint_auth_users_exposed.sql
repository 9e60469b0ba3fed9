-- advisor.lint_auth_users_exposed (splinter 0002): a view or materialized view in an exposed schema
-- reading auth.users that anon or authenticated may select is flagged while nothing filters its rows
-- (a materialized view; a view with its owner's rights; an invoker view over auth.users without RLS).
begin;
select plan(11);

select is_empty($$select detail from advisor.lint_auth_users_exposed where name = 'auth_users_exposed'$$, 'nothing on the migrated database');

-- the test layouts have no GoTrue: stand auth.users up for this transaction
do $$
begin
  if pg_catalog.to_regclass('auth.users') is null then
    create table auth.users (id uuid primary key, email text unique);
  end if;
end
$$;
alter table auth.users disable row level security;

create view public.t_users_v as select id, email from auth.users;
grant select on public.t_users_v to anon, authenticated;
select results_eq($$select level, facing, categories, metadata, cache_key from advisor.lints() where name = 'auth_users_exposed'$$,
  $$values ('ERROR'::text, 'EXTERNAL'::text, array['SECURITY']::text[],
            '{"schema": "public", "name": "t_users_v", "type": "view", "exposed_to": ["anon"]}'::jsonb, 'auth_users_exposed_public_t_users_v'::text)$$,
  'a view over auth.users with its owner''s rights, selectable by anon, is an ERROR under splinter''s name, metadata and cache_key');
select is((select title from advisor.lint_auth_users_exposed where name = 'auth_users_exposed'), 'Exposed Auth Users', 'splinter''s title');

revoke select on public.t_users_v from anon, public;
select is((select metadata -> 'exposed_to' from advisor.lint_auth_users_exposed where cache_key = 'auth_users_exposed_public_t_users_v'), '["authenticated"]'::jsonb,
  'exposed_to names authenticated when anon may not select it');

alter view public.t_users_v set (security_invoker = on);
select alike((select detail from advisor.lint_auth_users_exposed where cache_key = 'auth_users_exposed_public_t_users_v'), '%auth.users has RLS disabled%',
  'a security_invoker view is still flagged while auth.users has RLS disabled');
alter table auth.users enable row level security;
select is_empty($$select detail from advisor.lint_auth_users_exposed where name = 'auth_users_exposed'$$, 'quiet once the view is security_invoker and auth.users has RLS');

create view public.t_users_yes with (security_invoker = yes) as select id from auth.users;
grant select on public.t_users_yes to anon;
select is_empty($$select detail from advisor.lint_auth_users_exposed where name = 'auth_users_exposed'$$, 'security_invoker = yes counts as invoker, as in splinter');

create materialized view public.t_users_mv as select id from auth.users;
grant select on public.t_users_mv to anon;
select results_eq($$select metadata, cache_key from advisor.lint_auth_users_exposed where name = 'auth_users_exposed'$$,
  $$values ('{"schema": "public", "name": "t_users_mv", "type": "view", "exposed_to": ["anon"]}'::jsonb, 'auth_users_exposed_public_t_users_mv'::text)$$,
  'a materialized view over auth.users is flagged whatever RLS says (type view, as splinter)');
revoke select on public.t_users_mv from anon, authenticated, public;
select is_empty($$select detail from advisor.lint_auth_users_exposed where name = 'auth_users_exposed'$$, 'quiet once anon and authenticated may not select it');

create view ops.t_users_hidden as select id from auth.users;
grant select on ops.t_users_hidden to anon;
select is_empty($$select detail from advisor.lint_auth_users_exposed where name = 'auth_users_exposed'$$, 'a view in a schema the API does not expose is not flagged');
set local pgrst.db_schemas = 'public, ops';
select is((select cache_key from advisor.lint_auth_users_exposed where name = 'auth_users_exposed'), 'auth_users_exposed_ops_t_users_hidden',
  'it is once the session''s pgrst.db_schemas exposes that schema (as Supabase Studio runs the lints)');

select * from finish();
rollback;
