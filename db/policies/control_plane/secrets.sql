-- Policies of control_plane.secrets: no API role reads it directly (anon and authenticated have no
-- grant; the schema is not exposed). service_role reads it under this policy when granted by an
-- operator; bots go through public.control_plane_request_secret and public.control_plane_redeem_secret.
drop policy if exists secrets_select_service on control_plane.secrets;
create policy secrets_select_service on control_plane.secrets
  for select to service_role
  using (true);
comment on policy secrets_select_service on control_plane.secrets is 'service_role may read (it bypasses RLS anyway); anon and authenticated have neither a policy nor a grant.';
revoke all on control_plane.secrets from anon, authenticated;
