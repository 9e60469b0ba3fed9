-- ops.job_runs: operational records written by jobs and bots through service_role RPCs; not exposed.
drop policy if exists job_runs_service_all on ops.job_runs;
create policy job_runs_service_all on ops.job_runs for all to service_role using (true) with check (true);
comment on policy job_runs_service_all on ops.job_runs is 'service_role records and reads job_runs (through RPCs; it bypasses RLS, this states the intent).';
