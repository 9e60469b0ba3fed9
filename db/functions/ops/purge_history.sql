-- ops.purge_history: retention for pg_cron's run history, net responses, settled outbox rows and
-- recorded server starts (the job-health view looks back 30 days; starts are kept 90).
create or replace function ops.purge_history(
  cron_history interval default '30 days', outbox_settled interval default '90 days'
) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  runs bigint := 0;
  responses bigint := 0;
  outbox bigint := 0;
  starts bigint := 0;
begin
  if pg_catalog.to_regclass('cron.job_run_details') is not null then
    delete from cron.job_run_details d where d.end_time < pg_catalog.now() - cron_history;
    get diagnostics runs = row_count;
  end if;
  if pg_catalog.to_regclass('net._http_response') is not null then
    delete from net._http_response x
     where x.created < pg_catalog.now()
           - coalesce(nullif(pg_catalog.current_setting('pg_net.ttl', true), ''), '6 hours')::interval;
    get diagnostics responses = row_count;
  end if;
  delete from ops.outbox o where o.status in ('delivered', 'dead') and o.created_at < pg_catalog.now() - outbox_settled;
  get diagnostics outbox = row_count;
  delete from ops.server_starts s where s.started_at < pg_catalog.now() - interval '90 days';
  get diagnostics starts = row_count;
  return pg_catalog.jsonb_build_object('cron_runs', runs, 'net_responses', responses, 'outbox_rows', outbox, 'server_starts', starts);
end
$$;
comment on function ops.purge_history(interval, interval) is 'Deletes cron.job_run_details older than cron_history, net responses past pg_net.ttl, delivered/dead outbox rows older than outbox_settled, and server starts older than 90 days; returns the counts.';
revoke execute on function ops.purge_history(interval, interval) from public;
