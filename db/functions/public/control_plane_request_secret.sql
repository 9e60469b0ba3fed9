-- public.control_plane_request_secret: step 1 of the one way a bot reads a secret through PostgREST.
-- Checks the caller (service_role, or a JWT whose bot_id claim or app_metadata.bot_id names the bot,
-- active and granted), writes the access-log row and returns a one-time ticket valid 30 s; step 2,
-- public.control_plane_redeem_secret, returns the value for that ticket in a LATER transaction, once
-- this one has committed. A refusal returns NULL with a WARNING naming SQLSTATE SS220 (logged, rate
-- limited per subject and client IP). Bad input raises before anything is logged (SS250-SS255, SS221).
-- A SECURITY INVOKER wrapper of private.control_plane_request_secret (see there for the why).
create or replace function public.control_plane_request_secret(bot_id text, secret_name text)
returns uuid
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.control_plane_request_secret(control_plane_request_secret.bot_id, control_plane_request_secret.secret_name)
$$;
comment on function public.control_plane_request_secret(text, text) is 'RPC, step 1 of a secret read: logs the access of service_role or the bot its JWT names (active, granted) and returns a one-time ticket valid 30 s, redeemable once this transaction has committed; a refusal is logged (rate-limited) and returns NULL (WARNING SS220). SECURITY INVOKER; the body is private.control_plane_request_secret.';
revoke execute on function public.control_plane_request_secret(text, text) from public, anon, authenticated;
grant execute on function public.control_plane_request_secret(text, text) to authenticated, service_role;
