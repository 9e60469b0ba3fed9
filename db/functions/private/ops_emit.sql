-- private.ops_emit: the SECURITY DEFINER body of the RPC public.ops_emit (service_role's way to
-- ops.emit; neither ops nor private is exposed, public.ops_emit is a SECURITY INVOKER wrapper).
create or replace function private.ops_emit(
  source text,
  event_type text,
  payload jsonb default '{}',
  aggregate_type text default null,
  aggregate_id text default null,
  correlation_id uuid default null
) returns bigint
language sql volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
  select ops.emit(ops_emit.source, ops_emit.event_type, ops_emit.payload, ops_emit.aggregate_type, ops_emit.aggregate_id, ops_emit.correlation_id)
$$;
comment on function private.ops_emit(text, text, jsonb, text, text, uuid) is 'RPC: the body of public.ops_emit: append an event to ops.events (service_role only); the actor comes from the request''s JWT.';
revoke execute on function private.ops_emit(text, text, jsonb, text, text, uuid) from public, anon, authenticated;
grant execute on function private.ops_emit(text, text, jsonb, text, text, uuid) to service_role;
