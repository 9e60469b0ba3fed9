-- Policies of odoo.entity_mappings. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists entity_mappings_select_service on odoo.entity_mappings;
create policy entity_mappings_select_service on odoo.entity_mappings
  for select to service_role
  using (true);
comment on policy entity_mappings_select_service on odoo.entity_mappings is 'service_role may read entity mappings; nobody else, and nobody writes except the bridge functions.';
revoke all on odoo.entity_mappings from anon, authenticated, service_role;
