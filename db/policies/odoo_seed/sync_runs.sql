-- Policies of odoo_seed.sync_runs. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists sync_runs_select_service on odoo_seed.sync_runs;
create policy sync_runs_select_service on odoo_seed.sync_runs
  for select to service_role
  using (true);
comment on policy sync_runs_select_service on odoo_seed.sync_runs is 'service_role may read odoo_seed.sync_runs; nobody else, and nobody writes except the bridge functions.';
revoke all on odoo_seed.sync_runs from anon, authenticated, service_role;
