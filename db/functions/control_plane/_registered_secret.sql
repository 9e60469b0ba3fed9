-- control_plane._registered_secret: the registry row of a secret, locked for the change about to
-- be made to it, after the name checks every writer of the registry shares: SS251 a name no
-- registry row can have (over 127 characters, before any lookup), SS211 a name not registered.
-- Used by control_plane._secret_for_write (set, rotate) and control_plane.record_rotation.
create or replace function control_plane._registered_secret(secret_name text)
returns control_plane.secrets
language plpgsql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
declare
  reg control_plane.secrets%rowtype;
begin
  if pg_catalog.char_length(secret_name) > 127 then
    raise exception 'secret_name is % characters; at most 127', pg_catalog.char_length(secret_name) using errcode = 'SS251';
  end if;
  select * into reg from control_plane.secrets s where s.name = _registered_secret.secret_name for update;
  if not found then
    raise exception 'unknown secret "%"', secret_name using errcode = 'SS211',
      hint = 'declare it in a db/seeds file of kind secrets, then run ssot seed';
  end if;
  return reg;
end
$$;
comment on function control_plane._registered_secret(text) is 'The registry row of a secret, locked; SS251 an over-long name, SS211 an unknown one. Shared by the writers of the registry.';
revoke execute on function control_plane._registered_secret(text) from public;
