-- control_plane._secret_for_write: the registry row of a secret about to get a value, locked, after
-- the checks set_secret and rotate_secret share (SS211 unknown name, SS212 empty value, SS418 an
-- Odoo webhook key under 32 bytes).
create or replace function control_plane._secret_for_write(secret_name text, new_value text)
returns control_plane.secrets
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  reg control_plane.secrets%rowtype;
begin
  select * into reg from control_plane.secrets s where s.name = _secret_for_write.secret_name for update;
  if not found then
    raise exception 'unknown secret "%"', secret_name using errcode = 'SS211',
      hint = 'declare it in a db/seeds file of kind secrets, then run ssot seed';
  end if;
  if new_value is null or new_value = '' then
    raise exception 'secret "%": the value must not be empty', secret_name using errcode = 'SS212';
  end if;
  perform odoo.assert_webhook_key(secret_name, new_value);  -- SS418: webhook HMAC keys are 32 bytes or more
  return reg;
end
$$;
comment on function control_plane._secret_for_write(text, text) is 'Locks and returns the registry row of a secret about to be set or rotated; SS211 unknown name, SS212 empty value, SS418 a webhook HMAC key under 32 bytes.';
revoke execute on function control_plane._secret_for_write(text, text) from public;
