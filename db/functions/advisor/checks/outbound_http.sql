-- advisor.check_outbound_http: the evaluator of "Outgoing webhooks can be delivered": who delivers
-- net.http_post, pg_net's background worker or `ssot net worker` for the compat schema (its sessions
-- are named); neither means every outbox row fails or waits forever.
create or replace function advisor.check_outbound_http(arg text, out status text, out detail text)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_waiting text;
begin
  if exists (select from pg_catalog.pg_extension e where e.extname = 'pg_net') then
    status := 'pass';
    detail := 'pg_net is installed: its background worker delivers net.http_* requests';
  elsif pg_catalog.to_regclass('net.http_request_queue') is null then
    status := 'fail';
    detail := 'no net schema: outgoing webhooks (ops.outbox) cannot be sent; enable pg_net (Supabase: Database → Extensions), or on plain PostgreSQL run the ssot bootstrap and `ssot net worker`';
  elsif exists (select from pg_catalog.pg_stat_activity a
                where a.datname = pg_catalog.current_database() and a.application_name like 'ssot net worker%') then
    status := 'pass';
    detail := 'net compat schema, delivered by a connected `ssot net worker`';
  elsif not pg_catalog.has_table_privilege('net.http_request_queue', 'select') then
    status := 'warn';
    detail := 'net compat schema and no `ssot net worker` connected; this role cannot read net.http_request_queue to tell whether requests wait';
  else
    execute 'select pg_catalog.count(*)::text from net.http_request_queue' into v_waiting;
    status := case when v_waiting = '0' then 'warn' else 'fail' end;
    detail := case when v_waiting = '0'
      then 'net compat schema and no `ssot net worker` connected: nothing waits now, but a request would; run `ssot net worker`'
      else pg_catalog.format('%s requests wait in net.http_request_queue and no `ssot net worker` is connected to deliver them: run `ssot net worker`', v_waiting) end;
  end if;
end
$$;
comment on function advisor.check_outbound_http(text) is 'Checklist evaluator (advisor.checks.evaluator): outgoing webhooks can be delivered (pg_net installed, or the net compat schema with a connected ssot net worker); fail when requests wait with neither. Takes no argument.';
revoke execute on function advisor.check_outbound_http(text) from public;
