-- odoo.apply_webhook_event: the handlers. Projects one event into the shadows (project.project,
-- project.task) or the mirror summary (account.move). Payloads carry Odoo's read() format
-- (many2one = [id, "name"] or false, x2many = [ids]); a write event may carry only the changed
-- fields, so only the fields present are updated. Returns 'applied' or 'skipped' (a model with no
-- handler); raises on a payload it cannot project (the worker records the error and retries).
create or replace function odoo.apply_webhook_event(e odoo.webhook_events)
returns text
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  p jsonb := e.payload;
  oid integer;
  deleting boolean := e.event_type in ('unlink', 'delete', 'deleted');
  m2o_name text;
  logins text[];
begin
  if not odoo.webhook_handles(e.aggregate_type) then
    return 'skipped';
  end if;
  oid := odoo.webhook_record_id(e.aggregate_id);
  if oid is null then
    raise exception '% event %: aggregate_id % is not an Odoo record id', e.aggregate_type, e.id, e.aggregate_id using errcode = 'SS430';
  end if;

  if e.aggregate_type = 'project.project' then
    if deleting then
      delete from odoo_seed.shadow_projects where odoo_id = oid;
      delete from odoo.entity_mappings where instance_id = e.instance_id and model = 'project.project' and odoo_id = oid;
      return 'applied';
    end if;
    select m.external_ref into m2o_name from odoo.entity_mappings m
     where m.instance_id = e.instance_id and m.model = 'res.users' and m.odoo_id = odoo.m2o_id(p -> 'user_id');
    insert into odoo_seed.shadow_projects as t (odoo_id, external_ref, name, company_name, manager_login, active, raw, synced_at)
    values (oid, odoo.char_value(p -> 'x_external_ref'), odoo.char_value(p -> 'name'), odoo.m2o_name(p -> 'company_id'),
            case when odoo.m2o_id(p -> 'user_id') is null then null else coalesce(m2o_name, '#' || odoo.m2o_id(p -> 'user_id')) end,
            coalesce((p ->> 'active')::boolean, true), p, pg_catalog.now())
    on conflict (odoo_id) do update set
      external_ref = case when p ? 'x_external_ref' then excluded.external_ref else t.external_ref end,
      name = case when p ? 'name' then excluded.name else t.name end,
      company_name = case when p ? 'company_id' then excluded.company_name else t.company_name end,
      manager_login = case when p ? 'user_id' then excluded.manager_login else t.manager_login end,
      active = case when p ? 'active' then excluded.active else t.active end,
      raw = t.raw || p, synced_at = excluded.synced_at;
    perform odoo.map_entity(e.instance_id, 'project.project', oid, odoo.char_value(p -> 'x_external_ref'));
    return 'applied';
  end if;

  if e.aggregate_type = 'project.task' then
    if deleting then
      delete from odoo_seed.shadow_tasks where odoo_id = oid;
      delete from odoo.entity_mappings where instance_id = e.instance_id and model = 'project.task' and odoo_id = oid;
      return 'applied';
    end if;
    if p ? 'user_ids' then
      if pg_catalog.jsonb_typeof(p -> 'user_ids') <> 'array' then
        raise exception 'project.task event %: user_ids must be a list of ids', e.id using errcode = 'SS431';
      end if;
      select coalesce(pg_catalog.array_agg(coalesce(m.external_ref, '#' || u.id) order by coalesce(m.external_ref, '#' || u.id)), '{}')
        into logins
        from pg_catalog.jsonb_array_elements_text(p -> 'user_ids') u (id)
        left join odoo.entity_mappings m on m.instance_id = e.instance_id and m.model = 'res.users' and m.odoo_id = u.id::integer;
    end if;
    insert into odoo_seed.shadow_tasks as t (odoo_id, external_ref, project_odoo_id, name, stage_name, assignee_logins, depend_on_ids, active, raw, synced_at)
    values (oid, odoo.char_value(p -> 'x_external_ref'), odoo.m2o_id(p -> 'project_id'), odoo.char_value(p -> 'name'),
            odoo.m2o_name(p -> 'stage_id'), coalesce(logins, '{}'), odoo.id_list(p -> 'depend_on_ids'),
            coalesce((p ->> 'active')::boolean, true), p, pg_catalog.now())
    on conflict (odoo_id) do update set
      external_ref = case when p ? 'x_external_ref' then excluded.external_ref else t.external_ref end,
      project_odoo_id = case when p ? 'project_id' then excluded.project_odoo_id else t.project_odoo_id end,
      name = case when p ? 'name' then excluded.name else t.name end,
      stage_name = case when p ? 'stage_id' then excluded.stage_name else t.stage_name end,
      assignee_logins = case when p ? 'user_ids' then excluded.assignee_logins else t.assignee_logins end,
      depend_on_ids = case when p ? 'depend_on_ids' then excluded.depend_on_ids else t.depend_on_ids end,
      active = case when p ? 'active' then excluded.active else t.active end,
      raw = t.raw || p, synced_at = excluded.synced_at;
    perform odoo.map_entity(e.instance_id, 'project.task', oid, odoo.char_value(p -> 'x_external_ref'));
    return 'applied';
  end if;

  -- account.move: a summary in mirror (Odoo stays the system of record)
  if deleting then
    delete from mirror.odoo_account_moves where instance_id = e.instance_id and odoo_id = oid;
    return 'applied';
  end if;
  insert into mirror.odoo_account_moves as t (instance_id, odoo_id, name, move_type, state, partner_name, invoice_date,
                                              currency, amount_total, amount_residual, odoo_write_date, synced_at)
  values (e.instance_id, oid, odoo.char_value(p -> 'name'), odoo.char_value(p -> 'move_type'), odoo.char_value(p -> 'state'),
          odoo.m2o_name(p -> 'partner_id'), odoo.char_value(p -> 'invoice_date')::date, odoo.m2o_name(p -> 'currency_id'),
          (p ->> 'amount_total')::numeric, (p ->> 'amount_residual')::numeric,
          (odoo.char_value(p -> 'write_date') || '+00')::timestamptz, pg_catalog.now())
  on conflict (instance_id, odoo_id) do update set
    name = case when p ? 'name' then excluded.name else t.name end,
    move_type = case when p ? 'move_type' then excluded.move_type else t.move_type end,
    state = case when p ? 'state' then excluded.state else t.state end,
    partner_name = case when p ? 'partner_id' then excluded.partner_name else t.partner_name end,
    invoice_date = case when p ? 'invoice_date' then excluded.invoice_date else t.invoice_date end,
    currency = case when p ? 'currency_id' then excluded.currency else t.currency end,
    amount_total = case when p ? 'amount_total' then excluded.amount_total else t.amount_total end,
    amount_residual = case when p ? 'amount_residual' then excluded.amount_residual else t.amount_residual end,
    odoo_write_date = case when p ? 'write_date' then excluded.odoo_write_date else t.odoo_write_date end,
    synced_at = excluded.synced_at;
  return 'applied';
end
$$;
comment on function odoo.apply_webhook_event(odoo.webhook_events) is 'Projects one webhook event into odoo_seed shadows or mirror.odoo_account_moves; returns applied or skipped.';
revoke execute on function odoo.apply_webhook_event(odoo.webhook_events) from public, anon, authenticated, service_role;
