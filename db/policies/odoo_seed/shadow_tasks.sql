-- Policies of odoo_seed.shadow_tasks. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists shadow_tasks_select_service on odoo_seed.shadow_tasks;
create policy shadow_tasks_select_service on odoo_seed.shadow_tasks
  for select to service_role
  using (true);
comment on policy shadow_tasks_select_service on odoo_seed.shadow_tasks is 'service_role may read odoo_seed.shadow_tasks; nobody else, and nobody writes except the bridge functions.';
revoke all on odoo_seed.shadow_tasks from anon, authenticated, service_role;
