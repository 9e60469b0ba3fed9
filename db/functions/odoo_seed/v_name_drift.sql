-- odoo_seed.v_name_drift: projects and tasks whose name in Odoo differs from the seed (NULL-safe).
create or replace view odoo_seed.v_name_drift with (security_invoker = true) as
  select d.instance, d.entity, d.external_ref, d.odoo_id, d.expected as seed_name, d.actual as odoo_name
    from odoo_seed.drift d where d.kind = 'name';
comment on view odoo_seed.v_name_drift is 'Seed name is distinct from the Odoo name (projects and tasks).';
