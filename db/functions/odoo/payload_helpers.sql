-- Helpers reading Odoo's read() value format in webhook payloads: a many2one is [id, "name"] or
-- false, a char field is a string or false (Odoo's empty value), an x2many is a list of ids.
create or replace function odoo.m2o_id(v jsonb) returns integer
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case when pg_catalog.jsonb_typeof(v) = 'array' then (v ->> 0)::integer
              when pg_catalog.jsonb_typeof(v) = 'number' then (v #>> '{}')::integer end
$$;
comment on function odoo.m2o_id(jsonb) is 'The id of an Odoo many2one value ([id, name], an id, or false -> NULL).';

create or replace function odoo.m2o_name(v jsonb) returns text
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case when pg_catalog.jsonb_typeof(v) = 'array' then v ->> 1 end
$$;
comment on function odoo.m2o_name(jsonb) is 'The display name of an Odoo many2one value ([id, name] -> name; false -> NULL).';

create or replace function odoo.char_value(v jsonb) returns text
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case when pg_catalog.jsonb_typeof(v) in ('string', 'number') then v #>> '{}' end
$$;
comment on function odoo.char_value(jsonb) is 'An Odoo scalar value as text; false (Odoo''s empty value) and null -> NULL.';

create or replace function odoo.id_list(v jsonb) returns integer[]
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case when pg_catalog.jsonb_typeof(v) = 'array'
              then coalesce((select pg_catalog.array_agg(x::integer order by x::integer) from pg_catalog.jsonb_array_elements_text(v) x), '{}')
              else '{}'::integer[] end
$$;
comment on function odoo.id_list(jsonb) is 'An Odoo x2many value (list of ids) as a sorted integer array; anything else -> {}.';

create or replace function odoo.map_entity(instance uuid, model text, odoo_id integer, external_ref text) returns void
language sql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
  insert into odoo.entity_mappings as m (instance_id, model, odoo_id, external_ref)
  select instance, model, odoo_id, external_ref where external_ref is not null
  on conflict (instance_id, model, odoo_id) do update
    set external_ref = excluded.external_ref, updated_at = pg_catalog.now()
    where m.external_ref is distinct from excluded.external_ref;
$$;
comment on function odoo.map_entity(uuid, text, integer, text) is 'Records that an Odoo record maps to our key (external_ref or login); no-op when already so.';
revoke execute on function odoo.map_entity(uuid, text, integer, text) from public, anon, authenticated, service_role;
