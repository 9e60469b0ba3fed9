-- Policies of odoo_seed.programs. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists programs_select_service on odoo_seed.programs;
create policy programs_select_service on odoo_seed.programs
  for select to service_role
  using (true);
comment on policy programs_select_service on odoo_seed.programs is 'service_role may read odoo_seed.programs; nobody else, and nobody writes except the bridge functions.';
revoke all on odoo_seed.programs from anon, authenticated, service_role;
