-- odoo_seed.v_orphan_in_odoo: Odoo records carrying an x_external_ref that no seed has.
create or replace view odoo_seed.v_orphan_in_odoo with (security_invoker = true) as
  select d.instance, d.entity, d.external_ref, d.odoo_id, d.actual as name from odoo_seed.drift d where d.kind = 'orphan_in_odoo';
comment on view odoo_seed.v_orphan_in_odoo is 'Shadow exists, seed does not (projects and tasks).';
