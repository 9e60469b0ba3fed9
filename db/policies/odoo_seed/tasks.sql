-- Policies of odoo_seed.tasks. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists tasks_select_service on odoo_seed.tasks;
create policy tasks_select_service on odoo_seed.tasks
  for select to service_role
  using (true);
comment on policy tasks_select_service on odoo_seed.tasks is 'service_role may read odoo_seed.tasks; nobody else, and nobody writes except the bridge functions.';
revoke all on odoo_seed.tasks from anon, authenticated, service_role;
