-- odoo_seed.v_dependency_drift: tasks whose dependencies in Odoo (depend_on_ids) differ from depends_on_refs.
create or replace view odoo_seed.v_dependency_drift with (security_invoker = true) as
  select d.instance, d.external_ref, d.odoo_id, d.expected as seed_depends_on, d.actual as odoo_depends_on
    from odoo_seed.drift d where d.kind = 'dependency';
comment on view odoo_seed.v_dependency_drift is 'Task dependencies in Odoo (as sorted external refs) differ from the seed depends_on_refs.';
