-- Policies of mirror.odoo_account_moves. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists odoo_account_moves_select_service on mirror.odoo_account_moves;
create policy odoo_account_moves_select_service on mirror.odoo_account_moves
  for select to service_role
  using (true);
comment on policy odoo_account_moves_select_service on mirror.odoo_account_moves is 'service_role may read the account.move summary; nobody else, and nobody writes except the bridge functions.';
revoke all on mirror.odoo_account_moves from anon, authenticated, service_role;
