-- Policies of odoo.sync_cursors. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists sync_cursors_select_service on odoo.sync_cursors;
create policy sync_cursors_select_service on odoo.sync_cursors
  for select to service_role
  using (true);
comment on policy sync_cursors_select_service on odoo.sync_cursors is 'service_role may read sync cursors; nobody else, and nobody writes except the bridge functions.';
revoke all on odoo.sync_cursors from anon, authenticated, service_role;
