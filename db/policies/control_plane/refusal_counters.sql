-- Policies of control_plane.refusal_counters: written only by the secret accessor's SECURITY DEFINER
-- body (the owner). No API role holds a grant; service_role reads it under this policy when an
-- operator grants SELECT (as for the access log).
drop policy if exists refusal_counters_select_service on control_plane.refusal_counters;
create policy refusal_counters_select_service on control_plane.refusal_counters
  for select to service_role
  using (true);
comment on policy refusal_counters_select_service on control_plane.refusal_counters is 'service_role may read the refusal counters when granted (it bypasses RLS anyway); anon and authenticated have neither a policy nor a grant.';
revoke all on control_plane.refusal_counters from anon, authenticated;
