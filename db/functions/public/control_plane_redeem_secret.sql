-- public.control_plane_redeem_secret: step 2 of a secret read: the value for a ticket of
-- public.control_plane_request_secret issued to the same caller by an earlier transaction that has
-- committed (so its access-log row is committed). The ticket is consumed. SS256 unknown, expired,
-- used or another caller's ticket; SS257 issued in this very transaction; SS258 the grant is gone.
-- A SECURITY INVOKER wrapper of private.control_plane_redeem_secret.
create or replace function public.control_plane_redeem_secret(ticket uuid)
returns text
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.control_plane_redeem_secret(control_plane_redeem_secret.ticket)
$$;
comment on function public.control_plane_redeem_secret(uuid) is 'RPC, step 2 of a secret read: the value for a ticket issued to this caller by an earlier, committed control_plane_request_secret (its log row committed); consumes the ticket. SS256/SS257/SS258. SECURITY INVOKER; the body is private.control_plane_redeem_secret.';
revoke execute on function public.control_plane_redeem_secret(uuid) from public, anon, authenticated;
grant execute on function public.control_plane_redeem_secret(uuid) to authenticated, service_role;
