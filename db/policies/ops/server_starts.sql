-- Policies of ops.server_starts: written only by ops.note_server_start (SECURITY DEFINER); no API
-- role reads it directly (anon and authenticated have no grant; the schema is not exposed).
drop policy if exists server_starts_select_service on ops.server_starts;
create policy server_starts_select_service on ops.server_starts
  for select to service_role
  using (true);
comment on policy server_starts_select_service on ops.server_starts is 'service_role may read (it bypasses RLS anyway); anon and authenticated have neither a policy nor a grant.';
revoke all on ops.server_starts from anon, authenticated;
