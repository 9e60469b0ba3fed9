-- Policies of odoo.event_log. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists event_log_select_service on odoo.event_log;
create policy event_log_select_service on odoo.event_log
  for select to service_role
  using (true);
comment on policy event_log_select_service on odoo.event_log is 'service_role may read the webhook processing log; nobody else, and nobody writes except the bridge functions.';
revoke all on odoo.event_log from anon, authenticated, service_role;
