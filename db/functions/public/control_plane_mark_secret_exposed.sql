-- public.control_plane_mark_secret_exposed: the PostgREST entry point (POST
-- /rpc/control_plane_mark_secret_exposed {"secret_name": …, "reason": …}) for service_role, and what
-- `ssot secret exposed NAME --reason TEXT` calls: marks a registered credential exposed, so it is due
-- for rotation now and `ssot doctor` fails (lint secret_exposed) until a new value is set or a
-- rotation recorded. Returns when it was first marked. SS251, SS217, SS211 as its body
-- (private.control_plane_mark_secret_exposed, SECURITY DEFINER).
create or replace function public.control_plane_mark_secret_exposed(secret_name text, reason text)
returns timestamptz
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.control_plane_mark_secret_exposed(control_plane_mark_secret_exposed.secret_name, control_plane_mark_secret_exposed.reason)
$$;
comment on function public.control_plane_mark_secret_exposed(text, text) is 'RPC: marks a registered credential exposed (due for rotation now; the ERROR lint secret_exposed until a new value or a recorded rotation) and emits secret.exposed; SS251 name, SS217 reason, SS211 unknown (service_role only; SECURITY INVOKER; the body is private.control_plane_mark_secret_exposed).';
revoke execute on function public.control_plane_mark_secret_exposed(text, text) from public, anon, authenticated;
grant execute on function public.control_plane_mark_secret_exposed(text, text) to service_role;
