-- control_plane.set_secret: give a registered secret its value (first time: vault.create_secret;
-- afterwards: a rotation through vault.update_secret). What `ssot secret set NAME` calls. The first
-- value emits secret.set, a later one secret.rotated (the name only, never the value).
create or replace function control_plane.set_secret(secret_name text, new_value text)
returns uuid
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  reg control_plane.secrets%rowtype;
  new_id uuid;
begin
  reg := control_plane._secret_for_write(secret_name, new_value);
  if reg.vault_secret_id is not null and exists (select from vault.secrets v where v.id = reg.vault_secret_id) then
    perform control_plane.rotate_secret(secret_name, new_value);
    return reg.vault_secret_id;
  end if;
  -- a vault secret of that name may already exist (created by hand, or a registry row re-seeded)
  select v.id into new_id from vault.secrets v where v.name = set_secret.secret_name;
  if new_id is null then
    new_id := vault.create_secret(new_value, secret_name, reg.description);
  else
    perform vault.update_secret(new_id, new_value);
  end if;
  update control_plane.secrets s set vault_secret_id = new_id, last_rotated_at = pg_catalog.now(), exposed_at = null, exposed_reason = null
   where s.name = set_secret.secret_name;
  insert into control_plane.rotations (secret_name, kind) values (secret_name, 'initial');
  perform control_plane.log_access(null, secret_name, 'set', 'granted', 'initial value');
  perform ops.emit('control_plane', 'secret.set', pg_catalog.jsonb_build_object('secret', secret_name), 'control_plane.secret', secret_name);
  return new_id;
end
$$;
comment on function control_plane.set_secret(text, text) is 'Sets the value of a registered secret in the vault (create, or rotate when it has one) and records it (emits secret.set, or secret.rotated); SS211 unknown name, SS215 a credential outside the vault, SS212 empty value. A new value ends an exposure.';
revoke execute on function control_plane.set_secret(text, text) from public;
