-- Odoo webhook HMAC keys are 32 bytes or more wherever they are set (SS418): control_plane.set_secret
-- and rotate_secret (`ssot secret set`) for a webhook key's name, and an instance pointed at a key
-- already in the vault. A refused key leaves nothing behind. (A key set by hand under the floor
-- is refused at verification time: db/tests/odoo/webhook.sql.)
begin;
select plan(22);

insert into control_plane.secrets (name, owner, cadence, description) values
  ('odoo_t_key_webhook_secret', 'test', 'quarterly', 'test webhook key (conventional name)'),
  ('t_key_custom', 'test', 'quarterly', 'test webhook key (named by an instance)');
insert into odoo.instances (slug, name, webhook_secret_name) values ('t-key-custom', 'Custom key name', 't_key_custom');

select ok(odoo.is_webhook_key_name('odoo_webhook_secret'), 'odoo_webhook_secret is a webhook key name');
select ok(odoo.is_webhook_key_name('odoo.odoo-prod.webhook_secret'), 'odoo.<slug>.webhook_secret is a webhook key name');
select ok(odoo.is_webhook_key_name('t_key_custom'), 'a name an instance uses is a webhook key name');
select ok(not odoo.is_webhook_key_name('vercel_api_token'), 'another secret is not');

-- set_secret / rotate_secret
select throws_ok($$ select control_plane.set_secret('odoo_t_key_webhook_secret', '0123456789abcdef0123456789abcde') $$,
  'SS418', null, 'SS418: a 31-byte webhook key is refused by set_secret');
select throws_ok($$ select control_plane.set_secret('odoo_t_key_webhook_secret', '') $$,
  'SS212', null, 'an empty webhook key is refused by set_secret (SS212, as every empty value)');
select throws_ok($$ select control_plane.set_secret('odoo_t_key_webhook_secret', repeat('é', 15) || 'x') $$,
  'SS418', null, 'SS418: 16 characters but 31 UTF-8 bytes is refused (bytes are counted)');
select throws_ok($$ select control_plane.set_secret('t_key_custom', 'short') $$,
  'SS418', null, 'SS418: a short value for the secret an instance names is refused');
select is((select count(*)::int from vault.secrets where name in ('odoo_t_key_webhook_secret', 't_key_custom')), 0, 'a refused key is not in the vault');
select is((select count(*)::int from control_plane.rotations where secret_name in ('odoo_t_key_webhook_secret', 't_key_custom')), 0, '... nor recorded as set');
select is((select count(*)::int from control_plane.secrets where name in ('odoo_t_key_webhook_secret', 't_key_custom') and vault_secret_id is not null), 0,
  '... and the registry still has no value');
select lives_ok($$ select control_plane.set_secret('odoo_t_key_webhook_secret', '0123456789abcdef0123456789abcdef') $$, 'a 32-byte webhook key is set');
select throws_ok($$ select control_plane.rotate_secret('odoo_t_key_webhook_secret', '0123456789abcdef0123456789abcde') $$,
  'SS418', null, 'SS418: rotating to a 31-byte key is refused by rotate_secret');
select is((select decrypted_secret from vault.decrypted_secrets where name = 'odoo_t_key_webhook_secret'), '0123456789abcdef0123456789abcdef',
  'the refused rotation left the key as it was');
select is((select count(*)::int from control_plane.rotations where secret_name = 'odoo_t_key_webhook_secret'), 1, '... and recorded nothing');
select lives_ok($$ select control_plane.set_secret('vercel_api_token', 'vtok-short') $$, 'other secrets keep no length floor');

-- an instance pointed at a key in the vault
select vault.create_secret('weak-0123456789abcdef0123456789', 'test.key.weak');
select vault.create_secret('', 'test.key.empty');
select throws_ok($$ insert into odoo.instances (slug, name, webhook_secret_name) values ('t-key-weak', 'Weak', 'test.key.weak') $$,
  'SS418', null, 'SS418: an instance whose key in the vault is 31 bytes is refused');
select throws_ok($$ insert into odoo.instances (slug, name, webhook_secret_name) values ('t-key-empty', 'Empty', 'test.key.empty') $$,
  'SS418', null, 'SS418: an instance whose key in the vault is empty is refused');
select throws_ok($$ update odoo.instances set webhook_secret_name = 'test.key.weak' where slug = 't-key-custom' $$,
  'SS418', null, 'SS418: pointing an instance at a 31-byte key is refused');
select is((select count(*)::int from odoo.instances where slug in ('t-key-weak', 't-key-empty')
           or webhook_secret_name in ('test.key.weak', 'test.key.empty')), 0, 'no instance uses a refused key');
select lives_ok($$ insert into odoo.instances (slug, name, webhook_secret_name) values ('t-key-later', 'Later', 'test.key.not-yet') $$,
  'an instance whose key is not set yet is accepted (the key is checked when it is set)');
select lives_ok($$ update odoo.instances set active = false where slug = 't-key-custom' $$, 'other updates of an instance are not checked');

select * from finish();
rollback;
