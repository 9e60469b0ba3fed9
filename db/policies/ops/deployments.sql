-- ops.deployments: operational records written by jobs and bots through service_role RPCs; not exposed.
drop policy if exists deployments_service_all on ops.deployments;
create policy deployments_service_all on ops.deployments for all to service_role using (true) with check (true);
comment on policy deployments_service_all on ops.deployments is 'service_role records and reads deployments (through RPCs; it bypasses RLS, this states the intent).';
