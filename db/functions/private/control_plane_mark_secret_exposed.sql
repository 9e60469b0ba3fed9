-- private.control_plane_mark_secret_exposed: the SECURITY DEFINER body of
-- public.control_plane_mark_secret_exposed. Marks a registered credential exposed: it is due for
-- rotation now (control_plane.rotations_due state exposed) and the ERROR lint secret_exposed names
-- it, so `ssot doctor` and CI fail until a new value is set (vault) or a rotation is recorded
-- (external). Marking it again keeps the first time and takes the new reason. Emits secret.exposed
-- (the name and the reason, never a value). SS251 an over-long name, SS217 a reason that is empty or
-- over 500 characters, SS211 unknown; all before anything is written.
create or replace function private.control_plane_mark_secret_exposed(secret_name text, reason text)
returns timestamptz
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_at timestamptz;
begin
  if pg_catalog.char_length(secret_name) > 127 then
    raise exception 'secret_name is % characters; at most 127', pg_catalog.char_length(secret_name) using errcode = 'SS251';
  end if;
  if reason is null or pg_catalog.btrim(reason) = '' or pg_catalog.char_length(reason) > 500 then
    raise exception 'secret "%": say why it is exposed in 1 to 500 characters (got %)', secret_name, coalesce(pg_catalog.char_length(reason), 0)
      using errcode = 'SS217', hint = 'e.g. --reason "pasted in a public issue"; never the value itself';
  end if;
  update control_plane.secrets s
     set exposed_at = coalesce(s.exposed_at, pg_catalog.now()), exposed_reason = control_plane_mark_secret_exposed.reason
   where s.name = control_plane_mark_secret_exposed.secret_name
  returning s.exposed_at into v_at;
  if v_at is null then
    raise exception 'unknown secret "%"', secret_name using errcode = 'SS211',
      hint = 'ssot secret list shows the registered names';
  end if;
  perform ops.emit('control_plane', 'secret.exposed',
    pg_catalog.jsonb_build_object('secret', secret_name, 'reason', reason), 'control_plane.secret', secret_name);
  return v_at;
end
$$;
comment on function private.control_plane_mark_secret_exposed(text, text) is 'Body of public.control_plane_mark_secret_exposed: marks a credential exposed (due now, ERROR lint secret_exposed) and emits secret.exposed; SS251 name, SS217 reason, SS211 unknown.';
revoke execute on function private.control_plane_mark_secret_exposed(text, text) from public, anon, authenticated;
grant execute on function private.control_plane_mark_secret_exposed(text, text) to service_role;
