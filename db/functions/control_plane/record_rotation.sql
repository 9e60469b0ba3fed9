-- control_plane.record_rotation: a credential that lives outside the vault (location external) was
-- rotated where it lives (the Supabase dashboard, Superset's datasource, …): record it. ssot never
-- sees the value. Ends an exposure. What `ssot secret rotated NAME` and `ssot odoo-db rotate
-- superset_ro` call, as the owner; no API role may call it. SS211 unknown, SS216 a vault secret
-- (its rotation is a new value: ssot secret set), SS217 a note over 500 characters.
create or replace function control_plane.record_rotation(secret_name text, note text default null)
returns void
language plpgsql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
declare
  reg control_plane.secrets%rowtype;
begin
  if pg_catalog.char_length(note) > 500 then
    raise exception 'secret "%": the note is % characters; at most 500', secret_name, pg_catalog.char_length(note) using errcode = 'SS217';
  end if;
  reg := control_plane._registered_secret(secret_name);
  if reg.location = 'vault' then
    raise exception 'secret "%" lives in the vault: its rotation is a new value', secret_name using errcode = 'SS216',
      hint = 'ssot secret set ' || secret_name;
  end if;
  update control_plane.secrets s set last_rotated_at = pg_catalog.now(), exposed_at = null, exposed_reason = null
   where s.name = record_rotation.secret_name;
  insert into control_plane.rotations (secret_name, kind) values (secret_name, 'rotation');
  perform control_plane.log_access(null, secret_name, 'rotate', 'granted', coalesce(nullif(note, ''), 'rotated in ' || reg.held_by));
  perform ops.emit('control_plane', 'secret.rotated',
    pg_catalog.jsonb_build_object('secret', secret_name, 'location', 'external', 'after_exposure', reg.exposed_at is not null),
    'control_plane.secret', secret_name);
end
$$;
comment on function control_plane.record_rotation(text, text) is 'Records the rotation of an external credential (rotations, the access log, the event secret.rotated) and ends its exposure; SS211 unknown, SS216 a vault secret, SS217 a note over 500 characters, SS251 an over-long name.';
revoke execute on function control_plane.record_rotation(text, text) from public;
