-- The 32-byte floor of the Odoo webhook HMAC keys (SS418). A key is refused where it is set
-- (control_plane.set_secret and rotate_secret, i.e. `ssot secret set`) and where an instance is
-- pointed at it (odoo.instances insert or update), and private.odoo_webhook refuses a request
-- whose instance key is shorter (for a key set by hand with vault.create_secret).

-- odoo.is_webhook_key_name: whether a secret name is that of a webhook key: the name an instance
-- uses (odoo.instances.webhook_secret_name) or one of the conventional names, odoo_webhook_secret,
-- odoo_<slug>_webhook_secret, odoo.<slug>.webhook_secret.
create or replace function odoo.is_webhook_key_name(secret_name text)
returns boolean
language sql stable security invoker
set search_path = pg_catalog, pg_temp
as $$
  select secret_name ~ '^odoo[._]([a-z0-9][a-z0-9_-]{0,62}[._])?webhook_secret$'
      or exists (select from odoo.instances i where i.webhook_secret_name = secret_name)
$$;
comment on function odoo.is_webhook_key_name(text) is 'Whether a secret name is that of an Odoo webhook HMAC key (an instance''s webhook_secret_name, or odoo_webhook_secret, odoo_<slug>_webhook_secret, odoo.<slug>.webhook_secret).';
revoke execute on function odoo.is_webhook_key_name(text) from public, anon, authenticated, service_role;

-- odoo.assert_webhook_key: SS418 when the secret is a webhook key and the value is under 32 bytes
-- (UTF-8); called by the secret setters before they write anything.
create or replace function odoo.assert_webhook_key(secret_name text, new_value text)
returns void
language plpgsql stable security invoker
set search_path = pg_catalog, pg_temp
as $$
begin
  if odoo.is_webhook_key_name(secret_name) and pg_catalog.octet_length(coalesce(new_value, '')) < 32 then
    raise exception 'secret "%" is an Odoo webhook HMAC key: it must be at least 32 bytes, not %', secret_name, pg_catalog.octet_length(coalesce(new_value, ''))
      using errcode = 'SS418', hint = 'generate one: openssl rand -hex 32';
  end if;
end
$$;
comment on function odoo.assert_webhook_key(text, text) is 'Refuses (SS418) a value under 32 bytes for a secret that is an Odoo webhook HMAC key.';
revoke execute on function odoo.assert_webhook_key(text, text) from public, anon, authenticated, service_role;

-- odoo.tg__instances_webhook_key: an instance may not be pointed at a vault secret under 32 bytes
-- (a secret not set yet is fine: `ssot secret set` checks it when it is).
create or replace function odoo.tg__instances_webhook_key()
returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  len integer;
begin
  select pg_catalog.octet_length(s.decrypted_secret) into len from vault.decrypted_secrets s where s.name = new.webhook_secret_name;
  if len < 32 then
    raise exception 'Odoo instance %: its webhook key "%" is % bytes; it must be at least 32', new.slug, new.webhook_secret_name, len
      using errcode = 'SS418', hint = 'set a new one: openssl rand -hex 32 | npx ssot secret set <name>';
  end if;
  return new;
end
$$;
comment on function odoo.tg__instances_webhook_key() is 'Refuses (SS418) an Odoo instance whose webhook key is in the vault with fewer than 32 bytes.';
revoke execute on function odoo.tg__instances_webhook_key() from public, anon, authenticated, service_role;

create or replace trigger instances_webhook_key
  before insert or update of webhook_secret_name on odoo.instances
  for each row execute function odoo.tg__instances_webhook_key();
comment on trigger instances_webhook_key on odoo.instances is 'An instance cannot use a webhook key under 32 bytes (SS418).';
