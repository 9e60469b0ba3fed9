-- catalog: FQDN validation, lineage, and sync_local() registering this database's relations.
begin;
select plan(12);

select ok(catalog.valid_fqdn('odoo.prod.account.move'), 'system.db.model with a dotted model is valid');
select ok(not catalog.valid_fqdn('Odoo.prod.x') and not catalog.valid_fqdn('odoo.prod') and not catalog.valid_fqdn('odoo..x') and not catalog.valid_fqdn('odoo.prod.x.'),
  'upper case, two parts, empty parts and a trailing dot are invalid');
select throws_ok($$select catalog.register_asset('bad fqdn', 'table')$$, 'SS101', null, 'an invalid FQDN is refused with SS101');
select throws_ok($$select catalog.register_asset('odoo.prod.account.move', 'spreadsheet')$$, 'SS102', null, 'an unknown asset type is refused with SS102');
select is(catalog.register_asset('odoo.prod.account.move', 'model', 'Odoo invoices'), 'odoo.prod.account.move', 'register_asset returns the FQDN');
select is((select system from catalog.assets where fqdn = 'odoo.prod.account.move'), 'odoo', 'the system is derived from the FQDN');
select throws_ok($$select catalog.add_lineage('odoo.prod.account.move', 'supabase.x.mirror.nope')$$, 'SS103', null, 'lineage to an unregistered asset is refused with SS103');
select throws_ok($$select catalog.add_lineage('odoo.prod.account.move', 'odoo.prod.account.move')$$, 'SS104', null, 'a self edge is refused with SS104');

create view ops.t_recent_events with (security_invoker = true) as select id, event_type from ops.events;
select ok((select registered from catalog.sync_local()) > 0, 'sync_local registers relations');
select is((select asset_type from catalog.assets where fqdn = 'supabase.' || current_database() || '.ops.events'), 'table', 'ops.events is an asset');
select ok(exists (select from catalog.lineage where upstream = 'supabase.' || current_database() || '.ops.events'
  and downstream = 'supabase.' || current_database() || '.ops.t_recent_events'), 'a view''s lineage to its table is recorded');
drop view ops.t_recent_events;
select is((select removed from catalog.sync_local()), 1, 'a dropped relation is removed on the next sync');

select * from finish();
rollback;
