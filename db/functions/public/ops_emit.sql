-- public.ops_emit: the PostgREST entry point to ops.emit for service_role (ops is not exposed).
-- A SECURITY INVOKER wrapper of private.ops_emit, the definer that may write the log.
create or replace function public.ops_emit(
  source text,
  event_type text,
  payload jsonb default '{}',
  aggregate_type text default null,
  aggregate_id text default null,
  correlation_id uuid default null
) returns bigint
language sql volatile
security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.ops_emit(ops_emit.source, ops_emit.event_type, ops_emit.payload, ops_emit.aggregate_type, ops_emit.aggregate_id, ops_emit.correlation_id)
$$;
comment on function public.ops_emit(text, text, jsonb, text, text, uuid) is 'RPC: append an event to ops.events (service_role only); the actor comes from the request''s JWT (SECURITY INVOKER; the body is private.ops_emit).';
revoke execute on function public.ops_emit(text, text, jsonb, text, text, uuid) from public, anon, authenticated;
grant execute on function public.ops_emit(text, text, jsonb, text, text, uuid) to service_role;
