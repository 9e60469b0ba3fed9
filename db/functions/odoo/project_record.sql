-- odoo.project_record: the one path by which an Odoo record reaches the shadows (project.project ->
-- odoo_seed.shadow_projects, project.task -> odoo_seed.shadow_tasks) or the mirror summary
-- (account.move -> mirror.odoo_account_moves), whether it came by webhook (odoo.apply_webhook_event)
-- or by pull (`ssot odoo shadow`), each keyed by (instance, odoo_id). The payload is in Odoo's read() format (many2one = [id, "name"]
-- or false, x2many = [ids]). complete = false (a webhook write): only the fields present are
-- updated and the raw payload is merged into the one held; complete = true (a pull reads every
-- field): the record replaces the shadow, raw included. Logins (res.users) and tag names
-- (project.tags) are resolved through odoo.entity_mappings of the instance, an unknown id as '#id'.
-- deleted = true removes the shadow and the record's mapping.
-- Order: records are applied in Odoo's order, not in processing order. `version` is the state's
-- version (Odoo's write_date, else the event's signed timestamp; see odoo.record_version); the
-- version held per record, deletions included, is in odoo.record_versions. A record older than the
-- one held is not applied and 'stale' is returned (the caller records the skip); an equal version
-- is applied (Odoo's write_date has second precision: two writes within one second apply in
-- processing order). A NULL version is applied without being ordered.
-- Returns 'applied', 'stale', or 'skipped' for a model with no handler.
create or replace function odoo.project_record(
  instance uuid, model text, odoo_id integer, payload jsonb,
  deleted boolean default false, complete boolean default false, version timestamptz default null
)
returns text
language plpgsql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
declare
  p jsonb := coalesce(payload, '{}'::jsonb);
  oid integer := odoo_id;
  inst uuid := instance;
  manager text;
  logins text[];
  tags text[];
  k text;
  fresh boolean;
begin
  if not odoo.webhook_handles(model) then
    return 'skipped';
  end if;
  if inst is null or oid is null then
    raise exception 'odoo.project_record: instance and odoo_id are required (got %, %)', inst, oid using errcode = 'SS432';
  end if;
  if pg_catalog.jsonb_typeof(p) <> 'object' then
    raise exception '% %: the payload must be an object in Odoo''s read() format', model, oid using errcode = 'SS430';
  end if;
  -- a complete record carries every field the projection reads: absent ones are Odoo's empty value
  if complete then
    p := case model
           when 'project.project' then '{"x_external_ref": false, "name": false, "company_id": false, "user_id": false, "active": true}'::jsonb
           when 'project.task' then '{"x_external_ref": false, "project_id": false, "name": false, "stage_id": false, "user_ids": [], "depend_on_ids": [], "tag_ids": [], "active": true}'::jsonb
           else '{}'::jsonb end || p;
  end if;
  foreach k in array array['user_ids', 'depend_on_ids', 'tag_ids'] loop
    if p ? k and pg_catalog.jsonb_typeof(p -> k) <> 'array' then
      raise exception '% %: % must be a list of ids', model, oid, k using errcode = 'SS431';
    end if;
  end loop;

  if project_record.version is not null then
    -- atomic with concurrent workers: the row lock orders them, the WHERE keeps the newest
    insert into odoo.record_versions as v (instance_id, model, odoo_id, version, deleted)
    values (inst, project_record.model, oid, project_record.version, project_record.deleted)
    on conflict on constraint record_versions_pkey do update
      set version = excluded.version, deleted = excluded.deleted, applied_at = pg_catalog.now()
      where v.version <= excluded.version
    returning true into fresh;
    if fresh is null then
      return 'stale';
    end if;
  end if;

  if model = 'project.project' then
    if deleted then
      delete from odoo_seed.shadow_projects s where s.instance_id = inst and s.odoo_id = oid;
      delete from odoo.entity_mappings m where m.instance_id = inst and m.model = 'project.project' and m.odoo_id = oid;
      return 'applied';
    end if;
    if odoo.m2o_id(p -> 'user_id') is not null then
      manager := (odoo.mapped_names(inst, 'res.users', pg_catalog.jsonb_build_array(odoo.m2o_id(p -> 'user_id'))))[1];
    end if;
    insert into odoo_seed.shadow_projects as t (instance_id, odoo_id, external_ref, name, company_name, manager_login, active, raw, synced_at)
    values (inst, oid, odoo.char_value(p -> 'x_external_ref'), odoo.char_value(p -> 'name'), odoo.m2o_name(p -> 'company_id'),
            manager, coalesce((p ->> 'active')::boolean, true), p, pg_catalog.now())
    on conflict on constraint shadow_projects_pkey do update set
      external_ref = case when p ? 'x_external_ref' then excluded.external_ref else t.external_ref end,
      name = case when p ? 'name' then excluded.name else t.name end,
      company_name = case when p ? 'company_id' then excluded.company_name else t.company_name end,
      manager_login = case when p ? 'user_id' then excluded.manager_login else t.manager_login end,
      active = case when p ? 'active' then excluded.active else t.active end,
      raw = case when complete then p else t.raw || p end,
      synced_at = excluded.synced_at;
    perform odoo.map_entity(inst, 'project.project', oid, odoo.char_value(p -> 'x_external_ref'));
    return 'applied';
  end if;

  if model = 'project.task' then
    if deleted then
      delete from odoo_seed.shadow_tasks s where s.instance_id = inst and s.odoo_id = oid;
      delete from odoo.entity_mappings m where m.instance_id = inst and m.model = 'project.task' and m.odoo_id = oid;
      return 'applied';
    end if;
    if p ? 'user_ids' then
      logins := odoo.mapped_names(inst, 'res.users', p -> 'user_ids');
    end if;
    if p ? 'tag_ids' then
      tags := odoo.mapped_names(inst, 'project.tags', p -> 'tag_ids');
    end if;
    insert into odoo_seed.shadow_tasks as t (instance_id, odoo_id, external_ref, project_odoo_id, name, stage_name, assignee_logins, depend_on_ids,
                                             tag_names, active, raw, synced_at)
    values (inst, oid, odoo.char_value(p -> 'x_external_ref'), odoo.m2o_id(p -> 'project_id'), odoo.char_value(p -> 'name'),
            odoo.m2o_name(p -> 'stage_id'), coalesce(logins, '{}'), odoo.id_list(p -> 'depend_on_ids'), coalesce(tags, '{}'),
            coalesce((p ->> 'active')::boolean, true), p, pg_catalog.now())
    on conflict on constraint shadow_tasks_pkey do update set
      external_ref = case when p ? 'x_external_ref' then excluded.external_ref else t.external_ref end,
      project_odoo_id = case when p ? 'project_id' then excluded.project_odoo_id else t.project_odoo_id end,
      name = case when p ? 'name' then excluded.name else t.name end,
      stage_name = case when p ? 'stage_id' then excluded.stage_name else t.stage_name end,
      assignee_logins = case when p ? 'user_ids' then excluded.assignee_logins else t.assignee_logins end,
      depend_on_ids = case when p ? 'depend_on_ids' then excluded.depend_on_ids else t.depend_on_ids end,
      tag_names = case when p ? 'tag_ids' then excluded.tag_names else t.tag_names end,
      active = case when p ? 'active' then excluded.active else t.active end,
      raw = case when complete then p else t.raw || p end,
      synced_at = excluded.synced_at;
    perform odoo.map_entity(inst, 'project.task', oid, odoo.char_value(p -> 'x_external_ref'));
    return 'applied';
  end if;

  -- account.move: a summary in mirror (Odoo stays the system of record)
  if deleted then
    delete from mirror.odoo_account_moves a where a.instance_id = inst and a.odoo_id = oid;
    return 'applied';
  end if;
  insert into mirror.odoo_account_moves as t (instance_id, odoo_id, name, move_type, state, partner_name, invoice_date,
                                              currency, amount_total, amount_residual, odoo_write_date, synced_at)
  values (inst, oid, odoo.char_value(p -> 'name'), odoo.char_value(p -> 'move_type'), odoo.char_value(p -> 'state'),
          odoo.m2o_name(p -> 'partner_id'), odoo.char_value(p -> 'invoice_date')::date, odoo.m2o_name(p -> 'currency_id'),
          (p ->> 'amount_total')::numeric, (p ->> 'amount_residual')::numeric,
          (odoo.char_value(p -> 'write_date') || '+00')::timestamptz, pg_catalog.now())
  on conflict on constraint odoo_account_moves_pkey do update set
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
comment on function odoo.project_record(uuid, text, integer, jsonb, boolean, boolean, timestamptz) is
  'Projects one Odoo record (read() format) into odoo_seed shadows or mirror.odoo_account_moves, in Odoo''s order (version); the one path for webhooks and pulls. Returns applied, stale or skipped.';
revoke execute on function odoo.project_record(uuid, text, integer, jsonb, boolean, boolean, timestamptz) from public, anon, authenticated, service_role;

-- odoo.record_version: the version of the state an event carries: the payload's write_date (Odoo
-- writes it in UTC, 'YYYY-MM-DD HH:MM:SS'), else the signed timestamp of the event.
create or replace function odoo.record_version(payload jsonb, signed_at timestamptz)
returns timestamptz
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select case when payload ->> 'write_date' ~ '^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?$'
              then ((payload ->> 'write_date') || '+00')::timestamptz
              else signed_at end
$$;
comment on function odoo.record_version(jsonb, timestamptz) is 'Version of the state an Odoo event carries: its write_date (UTC), else its signed timestamp.';

-- odoo.mapped_names: what an instance's Odoo ids of a model are called here (logins of res.users,
-- names of project.tags), through odoo.entity_mappings; an id with no mapping as '#id'. Sorted, so
-- a shadow compares equal whatever order Odoo listed the ids in. ids is a JSON list of ids.
create or replace function odoo.mapped_names(instance uuid, model text, ids jsonb)
returns text[]
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(pg_catalog.array_agg(x.name order by x.name), '{}')
    from (select coalesce(m.external_ref, '#' || i.id) as name
            from pg_catalog.jsonb_array_elements_text(ids) i (id)
            left join odoo.entity_mappings m
              on m.instance_id = mapped_names.instance and m.model = mapped_names.model and m.odoo_id = i.id::integer) x
$$;
comment on function odoo.mapped_names(uuid, text, jsonb) is 'Names (entity_mappings.external_ref) of an instance''s Odoo ids of a model, sorted; an unmapped id as #id.';
revoke execute on function odoo.mapped_names(uuid, text, jsonb) from public, anon, authenticated, service_role;
