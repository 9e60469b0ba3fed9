-- ops.event_row_text: the canonical text of one event that seals hash (null-safe, independent of
-- the session's TimeZone and DateStyle).
create or replace function ops.event_row_text(e ops.events) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select jsonb_build_array(
    e.id, to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), e.source, e.event_type,
    e.aggregate_type, e.aggregate_id, e.actor_role, e.actor_sub, e.correlation_id, e.payload, e.txid::text
  )::text
$$;
comment on function ops.event_row_text(ops.events) is 'Canonical text of an event as hashed by the seals.';
revoke execute on function ops.event_row_text(ops.events) from public;
