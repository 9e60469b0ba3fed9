-- Policies of audit.findings (audit findings). The schema is not exposed: API roles reach it only through the
-- RPCs public.audit_record_finding / public.audit_resolve_finding (SECURITY DEFINER bodies in private), so no table privilege is granted to
-- them. The policy states who may read and write should a grant ever be given (service_role bypasses
-- RLS; it is here to be explicit); anon and authenticated have no policy and no grant.
drop policy if exists findings_service_all on audit.findings;
create policy findings_service_all on audit.findings
  for all to service_role
  using (true) with check (true);
comment on policy findings_service_all on audit.findings is 'service_role reads and writes audit.findings (through public.audit_record_finding / public.audit_resolve_finding); anon and authenticated get nothing.';
revoke all on audit.findings from public, anon, authenticated, service_role;
