-- Policies of ops.cron_jobs: written only by ops functions (SECURITY DEFINER); no API role reads it
-- directly (anon and authenticated have no grant; the schema is not exposed).
drop policy if exists cron_jobs_select_service on ops.cron_jobs;
create policy cron_jobs_select_service on ops.cron_jobs
  for select to service_role
  using (true);
comment on policy cron_jobs_select_service on ops.cron_jobs is 'service_role may read (it bypasses RLS anyway); anon and authenticated have neither a policy nor a grant.';
revoke all on ops.cron_jobs from anon, authenticated;
