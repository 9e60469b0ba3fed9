-- odoo_seed.v_missing_in_odoo: seeds (projects and tasks) with no Odoo record of their x_external_ref.
create or replace view odoo_seed.v_missing_in_odoo with (security_invoker = true) as
  select d.instance, d.entity, d.external_ref, d.expected as name from odoo_seed.drift d where d.kind = 'missing_in_odoo';
comment on view odoo_seed.v_missing_in_odoo is 'Seed exists, shadow does not (projects and tasks).';
