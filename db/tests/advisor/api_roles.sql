-- The doctrine checks on the API roles: a statement_timeout on each of them (statement_timeout) and
-- no direct access to the vault (vault_direct_access), made for real and undone here (ALTER ROLE
-- and GRANT are transactional: the rollback restores them). They run as the connecting role, which
-- on the Supabase profile is `postgres`: it may set the roles' defaults (CREATEROLE) and grant what
-- it holds with grant option on the vault, but not revoke what supabase_admin granted service_role.
begin;
select plan(17);

-- statement_timeout: each of the four roles, removed, is named; restored, the check is clean
select is_empty($$ select * from advisor.assert_doctrine() where check_name = 'statement_timeout' $$,
  'every API role has a statement_timeout on the migrated database');
alter role service_role reset statement_timeout;
select results_eq($$ select check_name, object from advisor.assert_doctrine() where check_name = 'statement_timeout' $$,
  $$ values ('statement_timeout', 'service_role') $$, 'service_role without a statement_timeout is caught, by name');
select is((select status from advisor.run_checks() where check_id = 'statement_timeouts'), 'fail', 'and the doctor fails statement_timeouts');
alter role service_role set statement_timeout = '8s';
alter role authenticator reset statement_timeout;
alter role anon set statement_timeout = 0;
select results_eq($$ select object, problem from advisor.assert_doctrine() where check_name = 'statement_timeout' order by object $$,
  $$ values ('anon', 'anon has statement_timeout = 0, which is no limit'),
            ('authenticator', 'authenticator has no statement_timeout: a request as authenticator runs until the server''s global limit') $$,
  'authenticator without one and anon with 0 are caught, by name');
alter role authenticator set statement_timeout = '8s';
alter role anon set statement_timeout = '3s';
select is_empty($$ select * from advisor.assert_doctrine() where check_name = 'statement_timeout' $$, 'restored: clean again');
-- a per-database setting wins over the role's own at login, so it is the one checked here
do $$ begin execute format('alter role authenticated in database %I set statement_timeout = ''0''', current_database()); end $$;
select results_eq($$ select object from advisor.assert_doctrine() where check_name = 'statement_timeout' $$,
  $$ values ('authenticated') $$, 'a zero per-database setting for authenticated is caught');
do $$ begin execute format('alter role authenticated in database %I reset statement_timeout', current_database()); end $$;
select is_empty($$ select * from advisor.assert_doctrine() where check_name = 'statement_timeout' $$, 'reset: clean again');

-- vault_direct_access: nothing is left that the connecting role could have revoked (on the
-- embedded target nothing at all; on Supabase only supabase_admin's grants to service_role)
select is_empty($$ select * from advisor.vault_direct_access() v
                   where pg_has_role(current_user, split_part(v.revoker, ',', 1), 'member') $$,
  'no API role holds a vault privilege the connecting role could revoke');
select ok(not exists (select from advisor.vault_direct_access() where role_name in ('anon', 'authenticated')),
  'anon and authenticated hold nothing on the vault');
-- granted back: named, with the statement that takes it away
grant select on vault.secrets to authenticated;
grant execute on function vault._decrypt(uuid, text) to anon;
select results_eq($$ select object, problem, fix from advisor.assert_doctrine() where check_name = 'vault_direct_access' and problem !~ '^service_role ' order by object $$,
  $$ values ('vault._decrypt(uuid,text)', 'anon has EXECUTE on vault._decrypt(uuid,text): it reads or changes secrets without the audited accessor',
             format('as %s: revoke all on function vault._decrypt(uuid,text) from public, anon', current_user::text) collate "default"),
            ('vault.secrets', 'authenticated has SELECT on vault.secrets: it reads or changes secrets without the audited accessor',
             format('as %s: revoke all on table vault.secrets from authenticated', current_user::text) collate "default") $$,
  'a vault privilege granted back to anon or authenticated is caught, naming the object, the role and the fix');
select alike((select detail from advisor.run_checks() where check_id = 'vault_direct_access'),
  '%authenticated has SELECT on vault.secrets%', 'the doctor reports it');
select is((select status from advisor.run_checks() where check_id = 'vault_direct_access'), 'fail', 'and fails vault_direct_access');
revoke all on vault.secrets from authenticated;
revoke all on function vault._decrypt(uuid, text) from anon;
select ok(not exists (select from advisor.vault_direct_access() where role_name in ('anon', 'authenticated')), 'revoked: gone again');

-- the attack itself: service_role reading every plaintext, deleting a secret, decrypting by hand,
-- refused wherever the bootstrap could revoke (the embedded target)
create function pg_temp.service_role_left() returns boolean language sql stable as $$
  select exists (select from advisor.vault_direct_access() where role_name = 'service_role') $$;
select is(tests.refused('service_role', 'select count(*) from vault.decrypted_secrets'), not pg_temp.service_role_left(),
  'service_role reads vault.decrypted_secrets only where the check reports it');
select is(tests.refused('service_role', 'delete from vault.secrets where false'), not pg_temp.service_role_left(),
  'service_role deletes vault rows only where the check reports it');
select is(tests.refused('service_role', $$select vault.create_secret('x-0123456789abcdef0123456789abcdef', 'test.api_roles.direct')$$), not pg_temp.service_role_left(),
  'service_role writes a secret without the logged path only where the check reports it');
select ok(not pg_temp.service_role_left() or not (select rolsuper from pg_roles where rolname = current_user),
  'a superuser (the embedded target) leaves service_role nothing on the vault');

select * from finish();
rollback;
