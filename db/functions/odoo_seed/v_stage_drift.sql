-- odoo_seed.v_stage_drift: tasks whose stage in Odoo differs from the seed.
create or replace view odoo_seed.v_stage_drift with (security_invoker = true) as
  select d.instance, d.external_ref, d.odoo_id, d.expected as seed_stage, d.actual as odoo_stage
    from odoo_seed.drift d where d.kind = 'stage';
comment on view odoo_seed.v_stage_drift is 'Task stage in Odoo is distinct from the seed stage_name.';
