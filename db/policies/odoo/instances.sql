-- Policies of odoo.instances. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists instances_select_service on odoo.instances;
create policy instances_select_service on odoo.instances
  for select to service_role
  using (true);
comment on policy instances_select_service on odoo.instances is 'service_role may read Odoo instances; nobody else, and nobody writes except the bridge functions.';
revoke all on odoo.instances from anon, authenticated, service_role;
