-- Policies of odoo.event_routes. The schema is not exposed; routes are seeded (db/seeds) or written
-- by the owner, and read by the bridge's functions and `ssot odoo routes`.
drop policy if exists event_routes_select_service on odoo.event_routes;
create policy event_routes_select_service on odoo.event_routes
  for select to service_role
  using (true);
comment on policy event_routes_select_service on odoo.event_routes is 'service_role may read the routes; nobody else, and nobody writes but the owner.';
revoke all on odoo.event_routes from anon, authenticated, service_role;
