-- Policies of ops.outbox_attempts: written only by ops functions (SECURITY DEFINER); no API role reads it
-- directly (anon and authenticated have no grant; the schema is not exposed).
drop policy if exists outbox_attempts_select_service on ops.outbox_attempts;
create policy outbox_attempts_select_service on ops.outbox_attempts
  for select to service_role
  using (true);
comment on policy outbox_attempts_select_service on ops.outbox_attempts is 'service_role may read (it bypasses RLS anyway); anon and authenticated have neither a policy nor a grant.';
revoke all on ops.outbox_attempts from anon, authenticated;
