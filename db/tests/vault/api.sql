-- The compat vault: Supabase's API, encryption at rest, and who may read what.
-- requires: compat-vault-owner
begin;
select plan(18);

select lives_ok($$ select vault.create_secret('tok-A-123456', 'test_a', 'first') $$, 'create_secret stores a secret');
select is((select decrypted_secret from vault.decrypted_secrets where name = 'test_a'), 'tok-A-123456', 'decrypted_secrets gives the plaintext back');
select ok((select secret from vault.secrets where name = 'test_a') !~ 'tok-A-123456', 'the stored column holds ciphertext, not the value');
select is((select description from vault.secrets where name = 'test_a'), 'first', 'the description is kept');

select lives_ok($$ select vault.update_secret((select id from vault.secrets where name = 'test_a'), 'tok-A-ROTATED') $$, 'update_secret re-encrypts in place');
select is((select decrypted_secret from vault.decrypted_secrets where name = 'test_a'), 'tok-A-ROTATED', 'the new value is readable');
select is((select count(*)::int from vault.secrets where name = 'test_a'), 1, 'still one secret (no second row)');
select lives_ok($$ select vault.update_secret((select id from vault.secrets where name = 'test_a'), new_description => 'renamed') $$, 'update_secret without a value keeps the value');
select is((select decrypted_secret from vault.decrypted_secrets where name = 'test_a'), 'tok-A-ROTATED', 'value unchanged by a description update');

select throws_ok($$ select vault.create_secret(null, 'x') $$, 'SS203', null, 'a NULL secret is refused');
select throws_ok($$ select vault.update_secret('00000000-0000-4000-8000-000000000000', 'v') $$, 'SS204', null, 'updating an unknown id is refused');
select throws_ok($$ select vault.create_secret('other', 'test_a') $$, '23505', null, 'names are unique');

-- a ciphertext copied onto another row does not decrypt there
select vault.create_secret('tok-B', 'test_b');
alter table vault.secrets disable trigger _100_encrypt;
update vault.secrets set secret = (select secret from vault.secrets where name = 'test_a') where name = 'test_b';
alter table vault.secrets enable trigger _100_encrypt;
select throws_ok($$ select decrypted_secret from vault.decrypted_secrets where name = 'test_b' $$, 'SS202', null, 'a ciphertext moved to another row is detected');
update vault.secrets set name = 'test_b_broken' where name = 'test_b';
delete from vault.secrets where name = 'test_b_broken';

select tests.as_anon();
select throws_ok($$ select * from vault.decrypted_secrets $$, '42501', null, 'anon cannot read decrypted secrets');
select tests.as_user('8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e');
select throws_ok($$ select * from vault.secrets $$, '42501', null, 'authenticated cannot read the secrets table');
select tests.as_service();
-- service_role reads a secret only through the audited accessor (advisor.vault_direct_access)
select throws_ok($$ select * from vault.decrypted_secrets $$, '42501', null, 'service_role cannot read decrypted secrets directly');
select throws_ok($$ delete from vault.secrets where name = 'test_a' $$, '42501', null, 'service_role cannot delete vault rows');
select throws_ok($$ select vault._decrypt(id, secret) from vault.secrets $$, '42501', null, 'service_role cannot decrypt by hand');

select * from finish();
rollback;
