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
  -- bounded before anything is written: the log is append-only, nobody can delete a flood from it
  if pg_catalog.length(source) operator(pg_catalog.>) 200 or pg_catalog.length(event_type) operator(pg_catalog.>) 200
     or pg_catalog.length(aggregate_type) operator(pg_catalog.>) 200 or pg_catalog.length(aggregate_id) operator(pg_catalog.>) 200 then
    raise exception 'ops.emit: % is longer than 200 characters',
      case when pg_catalog.length(source) operator(pg_catalog.>) 200 then 'source'
           when pg_catalog.length(event_type) operator(pg_catalog.>) 200 then 'event_type'
           when pg_catalog.length(aggregate_type) operator(pg_catalog.>) 200 then 'aggregate_type'
           else 'aggregate_id' end
      using errcode = 'SS005';
  end if;
  if pg_catalog.pg_column_size(payload) operator(pg_catalog.>) 65536 then
    raise exception 'ops.emit: payload is larger than 64 kB (% bytes)', pg_catalog.pg_column_size(payload) using errcode = 'SS006',
      hint = 'Store large content elsewhere and put a reference in the event.';
  end if;
  insert into ops.events (source, event_type, payload, aggregate_type, aggregate_id, correlation_id)
  values (emit.source, emit.event_type, emit.payload, emit.aggregate_type, emit.aggregate_id, emit.correlation_id)
  returning id into v_id;
  return v_id;
end
$$;
comment on function ops.emit(text, text, jsonb, text, text, uuid) is 'Append an event to ops.events and return its id; SS001/SS002 when source/event_type is empty, SS003 when payload is not an object, SS005 for a text field over 200 characters, SS006 for a payload over 64 kB.';
revoke execute on function ops.emit(text, text, jsonb, text, text, uuid) from public;
grant execute on function ops.emit(text, text, jsonb, text, text, uuid) to service_role;
