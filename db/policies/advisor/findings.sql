-- advisor.findings: written by advisor.run_checks() and the seed loader; read by service_role and `ssot doctor`.
drop policy if exists findings_service_read on advisor.findings;
create policy findings_service_read on advisor.findings for select to service_role using (true);
comment on policy findings_service_read on advisor.findings is 'service_role reads the advisor''s findings; only the owner writes them.';
