-- Policies of control_plane.secret_tickets: read and written only by the two steps of the secret
-- read (SECURITY DEFINER bodies, the owner). No API role holds a grant, and this policy denies any
-- row to a role that would be granted one: a ticket is redeemed through
-- public.control_plane_redeem_secret, never read.
drop policy if exists secret_tickets_none on control_plane.secret_tickets;
create policy secret_tickets_none on control_plane.secret_tickets
  for all to public
  using (false) with check (false);
comment on policy secret_tickets_none on control_plane.secret_tickets is 'No role but the owner sees or writes a ticket; the two read steps (SECURITY DEFINER, owner) do.';
revoke all on control_plane.secret_tickets from anon, authenticated, service_role;
