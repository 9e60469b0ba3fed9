-- advisor.runs: written by advisor.run_checks() and the seed loader; read by service_role and `ssot doctor`.
drop policy if exists runs_service_read on advisor.runs;
create policy runs_service_read on advisor.runs for select to service_role using (true);
comment on policy runs_service_read on advisor.runs is 'service_role reads the advisor''s runs; only the owner writes them.';
