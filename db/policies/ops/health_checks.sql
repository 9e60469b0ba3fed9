-- ops.health_checks: operational records written by jobs and bots through service_role RPCs; not exposed.
drop policy if exists health_checks_service_all on ops.health_checks;
create policy health_checks_service_all on ops.health_checks for all to service_role using (true) with check (true);
comment on policy health_checks_service_all on ops.health_checks is 'service_role records and reads health_checks (through RPCs; it bypasses RLS, this states the intent).';
