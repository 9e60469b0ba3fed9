-- advisor.lint_fkey_to_auth_unique (splinter 0021): a foreign key onto a unique constraint (not the
-- primary key) of a table in schema auth is an ERROR; metadata names the key, with no type.
begin;
select plan(5);

select is_empty($$select detail from advisor.lint_fkey_to_auth_unique where name = 'fkey_to_auth_unique'$$, 'nothing on the migrated database');

-- the test layouts have no GoTrue: stand auth.users up for this transaction
do $$
begin
  if pg_catalog.to_regclass('auth.users') is null then
    create table auth.users (id uuid primary key, email text unique);
  end if;
end
$$;

create table ops.t_profiles (id int primary key, email text constraint t_profiles_email_fkey references auth.users (email));
select results_eq($$select level, facing, categories, title, metadata, cache_key from advisor.lints() where name = 'fkey_to_auth_unique'$$,
  $$values ('ERROR'::text, 'EXTERNAL'::text, array['SECURITY']::text[], 'Foreign Key to Auth Unique Constraint'::text,
            '{"schema": "ops", "name": "t_profiles", "foreign_key": "t_profiles_email_fkey"}'::jsonb, 'fkey_to_auth_unique_ops_t_profiles_t_profiles_email_fkey'::text)$$,
  'a foreign key onto auth.users (email) is reported under splinter''s name, metadata and cache_key');

alter table ops.t_profiles drop constraint t_profiles_email_fkey,
  add column user_id uuid constraint t_profiles_user_fkey references auth.users (id);
select is_empty($$select detail from advisor.lint_fkey_to_auth_unique where name = 'fkey_to_auth_unique'$$, 'quiet once it references the primary key');

create table tests.t_profiles (email text references auth.users (email));
select is((select metadata ->> 'schema' from advisor.lint_fkey_to_auth_unique where name = 'fkey_to_auth_unique'), 'tests',
  'every referencing schema counts, as in splinter');
drop table tests.t_profiles;

create table ops.t_fk_local (id int primary key, code text unique);
create table ops.t_fk_ref (code text references ops.t_fk_local (code));
select is_empty($$select detail from advisor.lint_fkey_to_auth_unique where name = 'fkey_to_auth_unique'$$, 'a key onto a unique constraint outside auth is not reported');

select * from finish();
rollback;
