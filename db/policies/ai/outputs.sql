-- Policies of ai.outputs (AI outputs). The schema is not exposed: API roles reach it only through the
-- RPCs public.ai_record_output (SECURITY DEFINER bodies in private), so no table privilege is granted to
-- them. The policy states who may read and write should a grant ever be given (service_role bypasses
-- RLS; it is here to be explicit); anon and authenticated have no policy and no grant.
drop policy if exists outputs_service_all on ai.outputs;
create policy outputs_service_all on ai.outputs
  for all to service_role
  using (true) with check (true);
comment on policy outputs_service_all on ai.outputs is 'service_role reads and writes ai.outputs (through public.ai_record_output); anon and authenticated get nothing.';
revoke all on ai.outputs from public, anon, authenticated, service_role;
