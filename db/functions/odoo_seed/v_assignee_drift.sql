-- odoo_seed.v_assignee_drift: tasks whose assignees in Odoo (logins) differ from the seed's assignee_email.
create or replace view odoo_seed.v_assignee_drift with (security_invoker = true) as
  select d.instance, d.external_ref, d.odoo_id, d.expected as seed_assignee, d.actual as odoo_assignees
    from odoo_seed.drift d where d.kind = 'assignee';
comment on view odoo_seed.v_assignee_drift is 'Task assignees in Odoo (sorted logins) differ from the seed assignee_email (case-insensitive).';
