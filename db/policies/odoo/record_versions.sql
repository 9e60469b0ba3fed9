-- Policies of odoo.record_versions. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists record_versions_select_service on odoo.record_versions;
create policy record_versions_select_service on odoo.record_versions
  for select to service_role
  using (true);
comment on policy record_versions_select_service on odoo.record_versions is 'service_role may read record versions; nobody else, and nobody writes except odoo.project_record.';
revoke all on odoo.record_versions from anon, authenticated, service_role;
