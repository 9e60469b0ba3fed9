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

-- odoo.tg__instances_webhook_key: an instance's webhook key is a registered credential. Its name
-- must be a registry name (SS422), it is registered when missing (owner platform, quarterly,
-- registered_for 'odoo.instances <slug>'), and the instance may not be pointed at a vault secret
-- under 32 bytes (SS418; a secret not set yet is fine: `ssot secret set` checks it when it is).
create or replace function odoo.tg__instances_webhook_key()
returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  len integer;
begin
  if new.webhook_secret_name is null or pg_catalog.char_length(new.webhook_secret_name) not between 2 and 127
     or new.webhook_secret_name !~ '^[a-z][a-z0-9_]*([.][a-z0-9][a-z0-9_-]*)*$' then
    raise exception 'Odoo instance %: webhook_secret_name must be a registry name (lower case, e.g. odoo.%.webhook_secret)', new.slug, new.slug
      using errcode = 'SS422', hint = 'letters, digits and underscores, dotted segments may hold dashes; at most 127 characters';
  end if;
  select pg_catalog.octet_length(s.decrypted_secret) into len from vault.decrypted_secrets s where s.name = new.webhook_secret_name;
  if len < 32 then
    raise exception 'Odoo instance %: its webhook key "%" is % bytes; it must be at least 32', new.slug, new.webhook_secret_name, len
      using errcode = 'SS418', hint = 'set a new one: openssl rand -hex 32 | npx ssot secret set <name>';
  end if;
  insert into control_plane.secrets (name, owner, cadence, description, registered_for)
  values (new.webhook_secret_name, 'platform', 'quarterly',
          pg_catalog.format('HMAC key Odoo instance %s signs its webhooks to this database with (x-ipai-signature).', new.slug),
          'odoo.instances ' || new.slug)
  on conflict (name) do nothing;
  return new;
end
$$;
comment on function odoo.tg__instances_webhook_key() is 'Registers an Odoo instance''s webhook key in the credential registry (control_plane.secrets) and refuses a key name that is not a registry name (SS422) or a vault key under 32 bytes (SS418).';
revoke execute on function odoo.tg__instances_webhook_key() from public, anon, authenticated, service_role;

create or replace trigger instances_webhook_key
  before insert or update of webhook_secret_name on odoo.instances
  for each row execute function odoo.tg__instances_webhook_key();
comment on trigger instances_webhook_key on odoo.instances is 'An instance''s webhook key is registered in control_plane.secrets; SS422 a name the registry cannot hold, SS418 a key under 32 bytes.';
