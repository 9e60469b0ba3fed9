-- public.control_plane_get_secret_logged: the one way a bot reads a secret through PostgREST.
--
-- Allowed for service_role, or for a JWT whose `bot_id` claim (or app_metadata.bot_id) names the
-- bot asked for; the bot must exist, be active and hold a grant on the secret. Every call writes
-- exactly one access-log row. A refusal returns NULL with a WARNING naming SQLSTATE SS220, so the
-- log row of the refused attempt commits with the request (see the body for why, and for
-- ssot.access_log_commit and SS221).
-- A SECURITY INVOKER wrapper: the work, with the owner's rights, is
-- private.control_plane_get_secret_logged, in a schema PostgREST does not expose. The caller's role
-- and JWT are read there unchanged, and its WARNING and errors reach the caller as they are.
create or replace function public.control_plane_get_secret_logged(bot_id text, secret_name text)
returns text
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.control_plane_get_secret_logged(control_plane_get_secret_logged.bot_id, control_plane_get_secret_logged.secret_name)
$$;
comment on function public.control_plane_get_secret_logged(text, text) is 'RPC: returns a secret''s value to service_role or the bot its JWT names (active, granted), logging one access row; a refused call is logged too and returns NULL (WARNING SS220), so the log row survives the refusal (SECURITY INVOKER; the body is private.control_plane_get_secret_logged).';
revoke execute on function public.control_plane_get_secret_logged(text, text) from public, anon, authenticated;
grant execute on function public.control_plane_get_secret_logged(text, text) to authenticated, service_role;
