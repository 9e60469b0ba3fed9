-- Policies of odoo_seed.project_odoo_ids. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists project_odoo_ids_select_service on odoo_seed.project_odoo_ids;
create policy project_odoo_ids_select_service on odoo_seed.project_odoo_ids
  for select to service_role
  using (true);
comment on policy project_odoo_ids_select_service on odoo_seed.project_odoo_ids is 'service_role may read odoo_seed.project_odoo_ids; nobody else, and nobody writes except `ssot odoo seed`.';
revoke all on odoo_seed.project_odoo_ids from anon, authenticated, service_role;
