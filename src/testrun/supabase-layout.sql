-- A database laid out as a Supabase project lays it out, for running ssot as Supabase's
-- non-superuser `postgres`. Run by the cluster's bootstrap superuser `supabase_admin` on the
-- database `postgres` of a fresh cluster (src/testrun/supabase.ts), after the pieces Supabase ships
-- as extensions or services have been installed by that superuser: the `auth` functions, the vault
-- and pg_net's API come from db/compat, standing in for GoTrue's schema, supabase_vault and pg_net,
-- which have no package here.
--
-- Written from the role, schema and grant scripts of Supabase's Postgres image (its init scripts,
-- the `demote-postgres` migration and the later grant migrations) and the supautils settings of a
-- hosted project. What is left out has no bearing on ssot: storage, realtime, pgbouncer, pgsodium,
-- pg_graphql, the dashboard's own roles.

-- The image creates `postgres` as a superuser that owns the database, runs its init scripts as it,
-- then demotes it. ssot's objects do not exist yet here, so it is created demoted.
create role postgres login nosuperuser createdb createrole replication bypassrls;
alter database postgres owner to postgres;
alter role postgres set search_path to "$user", public, extensions;
alter role supabase_admin set search_path to "$user", public, auth, extensions;

-- Extensions live in `extensions`; the admin creates them (what the dashboard, through supautils,
-- does for `postgres`). pgvector is not preloaded, as on Supabase.
create schema if not exists extensions;
alter schema extensions owner to postgres;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
grant all on schema extensions to postgres;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists vector with schema extensions;
create extension if not exists pgtap with schema extensions;
-- plpgsql_check: Supabase ships it (Database → Extensions); `ssot check` runs it over every function
create extension if not exists plpgsql_check with schema extensions;
-- pg_cron lives in pg_catalog (its objects in schema cron), in the database `postgres`
create extension if not exists pg_cron with schema pg_catalog;

grant all on all tables in schema extensions to postgres with grant option;
grant all on all routines in schema extensions to postgres with grant option;
grant all on all sequences in schema extensions to postgres with grant option;
alter default privileges in schema extensions grant all on tables to postgres with grant option;
alter default privileges in schema extensions grant all on routines to postgres with grant option;
alter default privileges in schema extensions grant all on sequences to postgres with grant option;

-- The API roles. Newer images make anon/authenticated/service_role inherit; authenticator does not.
alter role anon inherit;
alter role authenticated inherit;
alter role service_role inherit;
-- Supabase's statement timeouts: anon 3 s, authenticated and authenticator 8 s; none for
-- service_role (it falls back to authenticator's): the bootstrap, as postgres, sets that one.
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';
grant anon, authenticated, service_role to postgres;
grant pg_read_all_data, pg_signal_backend, pg_monitor to postgres;

-- The public schema: every role may use it, and by default privileges the API roles receive every
-- table, function and sequence created there, by postgres or by the admin.
grant usage on schema public to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to anon, authenticated, service_role;

-- auth: owned by the admin (GoTrue's role on a real project); postgres and the API roles use it
alter schema auth owner to supabase_admin;
grant usage on schema auth to postgres;
grant all on schema auth to postgres;

-- vault (supabase_vault's after-create script, run by the admin): postgres may read and manage
-- secrets and grant that on, and service_role may too ("service_role used to be able to manage
-- secrets in Vault <=0.2.8"). vault._decrypt stands for vault._crypto_aead_det_decrypt. These grants
-- are the admin's: postgres cannot revoke them, so the bootstrap's revoke is exercised and prints
-- what to run as supabase_admin, and `ssot check` reports them (vault_direct_access).
grant usage on schema vault to postgres with grant option;
grant select, delete on vault.secrets, vault.decrypted_secrets to postgres with grant option;
grant execute on function vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid),
  vault._decrypt(uuid, text) to postgres with grant option;
grant usage on schema vault to service_role;
grant select, delete on vault.secrets, vault.decrypted_secrets to service_role;
grant execute on function vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid),
  vault._decrypt(uuid, text) to service_role;

-- net (pg_net): what its grant_pg_net_access event trigger gives
grant usage on schema net to postgres, service_role;
grant all on all tables in schema net to postgres;
grant all on all sequences in schema net to postgres;
grant execute on all functions in schema net to postgres, service_role;

-- cron (pg_cron): what Supabase's grant_pg_cron_access event trigger gives
grant usage on schema cron to postgres with grant option;
grant all on all tables in schema cron to postgres with grant option;
grant all on all sequences in schema cron to postgres with grant option;
grant all on all routines in schema cron to postgres with grant option;
revoke all on table cron.job from postgres;
grant select on table cron.job to postgres with grant option;

-- supautils lets postgres set a few superuser-only parameters, and PostgREST's own (e.g.
-- `alter role authenticator set pgrst.db_schemas`); on plain PostgreSQL 15 that is GRANT SET ON
-- PARAMETER
grant set on parameter session_replication_role to postgres;
grant set on parameter "pgrst.db_schemas" to postgres;

-- Foreign data wrappers: on a project, postgres uses them through Supabase's Wrappers integration
-- (the platform provides the wrapper; postgres makes servers and foreign tables on it). A wrapper
-- without a handler stands in for one, made by the admin as only a superuser may, so that the
-- tests can make a foreign table as postgres (the foreign_table_in_api lint); it reaches nothing.
create foreign data wrapper ssot_test_wrapper;
comment on foreign data wrapper ssot_test_wrapper is 'A wrapper without a handler, standing in for Supabase Wrappers in the tests: postgres may make servers and foreign tables on it; querying them fails.';
grant usage on foreign data wrapper ssot_test_wrapper to postgres;
