-- control_plane.rotate_secret: a new value for the SAME vault secret (vault.update_secret, never a
-- second secret), recorded in rotations and the access log, and emitted as secret.rotated (the name only). A new
-- value ends an exposure (exposed_at cleared; the event says after_exposure).
create or replace function control_plane.rotate_secret(secret_name text, new_value text)
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  reg control_plane.secrets%rowtype;
begin
  reg := control_plane._secret_for_write(secret_name, new_value);
  if reg.vault_secret_id is null then
    raise exception 'secret "%" has no value yet, so there is nothing to rotate', secret_name using errcode = 'SS213',
      hint = 'set it first: ssot secret set ' || secret_name;
  end if;
  perform vault.update_secret(reg.vault_secret_id, new_value);
  -- a new value ends an exposure
  update control_plane.secrets s set last_rotated_at = pg_catalog.now(), exposed_at = null, exposed_reason = null
   where s.name = rotate_secret.secret_name;
  insert into control_plane.rotations (secret_name, kind) values (secret_name, 'rotation');
  perform control_plane.log_access(null, secret_name, 'rotate', 'granted', null);
  perform ops.emit('control_plane', 'secret.rotated',
    pg_catalog.jsonb_build_object('secret', secret_name, 'after_exposure', reg.exposed_at is not null), 'control_plane.secret', secret_name);
end
$$;
comment on function control_plane.rotate_secret(text, text) is 'Rotates a registered secret in place through vault.update_secret and records the rotation (rotations, the access log, the event secret.rotated); SS211 unknown, SS215 external, SS212 empty, SS213 never set. Clears an exposure.';
revoke execute on function control_plane.rotate_secret(text, text) from public;
grant execute on function control_plane.rotate_secret(text, text) to service_role;
