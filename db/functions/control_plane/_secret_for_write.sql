-- control_plane._secret_for_write: the registry row of a secret about to get a value, locked, after
-- the checks set_secret and rotate_secret share (SS251 a name no registry row can have, SS259 a value
-- over 65536 bytes, both before any lookup; SS211 unknown name, SS215 a credential that lives outside the vault,
-- SS212 empty value, SS418 an Odoo webhook key under 32 bytes).
create or replace function control_plane._secret_for_write(secret_name text, new_value text)
returns control_plane.secrets
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  reg control_plane.secrets%rowtype;
begin
  if pg_catalog.char_length(secret_name) > 127 then
    raise exception 'secret_name is % characters; at most 127', pg_catalog.char_length(secret_name) using errcode = 'SS251';
  end if;
  if pg_catalog.octet_length(new_value) > 65536 then
    raise exception 'secret "%": the value is % bytes; at most 65536', secret_name, pg_catalog.octet_length(new_value) using errcode = 'SS259';
  end if;
  reg := control_plane._registered_secret(secret_name);
  if reg.location <> 'vault' then
    raise exception 'secret "%" lives outside the vault (%): ssot never holds its value', secret_name, reg.held_by using errcode = 'SS215',
      hint = 'rotate it where it lives, then record it: ssot secret rotated ' || secret_name;
  end if;
  if new_value is null or new_value = '' then
    raise exception 'secret "%": the value must not be empty', secret_name using errcode = 'SS212';
  end if;
  perform odoo.assert_webhook_key(secret_name, new_value);  -- SS418: webhook HMAC keys are 32 bytes or more
  return reg;
end
$$;
comment on function control_plane._secret_for_write(text, text) is 'Locks and returns the registry row of a secret about to be set or rotated; SS251 over-long name, SS259 over-long value, SS211 unknown name, SS215 an external credential, SS212 empty value, SS418 a webhook HMAC key under 32 bytes.';
revoke execute on function control_plane._secret_for_write(text, text) from public;
