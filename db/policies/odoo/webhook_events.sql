-- Policies of odoo.webhook_events. The schema is not exposed: API roles reach it only through the
-- SECURITY DEFINER entry points, so no table privilege is granted to them. The policy states who
-- may read should a grant ever be given (service_role bypasses RLS; it is here to be explicit).
drop policy if exists webhook_events_select_service on odoo.webhook_events;
create policy webhook_events_select_service on odoo.webhook_events
  for select to service_role
  using (true);
comment on policy webhook_events_select_service on odoo.webhook_events is 'service_role may read webhook events; nobody else, and nobody writes except the bridge functions.';
revoke all on odoo.webhook_events from anon, authenticated, service_role;
