-- Policies of odoo_seed.shadow_projects. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists shadow_projects_select_service on odoo_seed.shadow_projects;
create policy shadow_projects_select_service on odoo_seed.shadow_projects
  for select to service_role
  using (true);
comment on policy shadow_projects_select_service on odoo_seed.shadow_projects is 'service_role may read odoo_seed.shadow_projects; nobody else, and nobody writes except the bridge functions.';
revoke all on odoo_seed.shadow_projects from anon, authenticated, service_role;
