-- advisor.checks: written by advisor.run_checks() and the seed loader; read by service_role and `ssot doctor`.
drop policy if exists checks_service_read on advisor.checks;
create policy checks_service_read on advisor.checks for select to service_role using (true);
comment on policy checks_service_read on advisor.checks is 'service_role reads the advisor''s checks; only the owner writes them.';
