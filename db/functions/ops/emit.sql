-- ops.emit: the write path of the append-only event log. The actor (JWT role and subject) and the
-- writing transaction come from column defaults, so a plain insert of the same shape costs the same.
-- search_path is pinned like every function's (pg_catalog, pg_temp: the caller's temporary schema
-- last), and every name is schema-qualified besides.
create or replace function ops.emit(
  source text,
  event_type text,
  payload jsonb default '{}',
  aggregate_type text default null,
  aggregate_id text default null,
  correlation_id uuid default null
) returns bigint
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id bigint;
begin
  if source is null or source operator(pg_catalog.=) '' then
    raise exception 'ops.emit: source is required (the emitting system, e.g. odoo.webhooks)' using errcode = 'SS001';
  end if;
  if event_type is null or event_type operator(pg_catalog.=) '' then
    raise exception 'ops.emit: event_type is required (what happened, e.g. secret.accessed)' using errcode = 'SS002';
  end if;
  if payload is null or pg_catalog.jsonb_typeof(payload) operator(pg_catalog.<>) 'object' then
    raise exception 'ops.emit: payload must be a JSON object, got %', coalesce(pg_catalog.jsonb_typeof(payload), 'null') using errcode = 'SS003';
  end if;
  insert into ops.events (source, event_type, payload, aggregate_type, aggregate_id, correlation_id)
  values (emit.source, emit.event_type, emit.payload, emit.aggregate_type, emit.aggregate_id, emit.correlation_id)
  returning id into v_id;
  return v_id;
end
$$;
comment on function ops.emit(text, text, jsonb, text, text, uuid) is 'Append an event to ops.events and return its id; SS001/SS002 when source/event_type is empty, SS003 when payload is not an object.';
revoke execute on function ops.emit(text, text, jsonb, text, text, uuid) from public;
grant execute on function ops.emit(text, text, jsonb, text, text, uuid) to service_role;
