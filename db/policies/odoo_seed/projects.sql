-- Policies of odoo_seed.projects. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists projects_select_service on odoo_seed.projects;
create policy projects_select_service on odoo_seed.projects
  for select to service_role
  using (true);
comment on policy projects_select_service on odoo_seed.projects is 'service_role may read odoo_seed.projects; nobody else, and nobody writes except the bridge functions.';
revoke all on odoo_seed.projects from anon, authenticated, service_role;
