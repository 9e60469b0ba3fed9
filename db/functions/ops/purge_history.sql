-- ops.purge_history: retention, run daily by the housekeeping-retention cron job. What it keeps,
-- by default (each an argument, so a project can keep more):
--   cron.job_run_details      30 days (the job-health view looks back 30 days)
--   net._http_response        pg_net.ttl (6 hours by default), as pg_net itself does
--   ops.outbox                delivered and dead rows for 90 days; pending or dispatched ones always
--   ops.server_starts         90 days
--   odoo.webhook_events       completed events for 30 days, dead ones for 90; an event that is not
--                             finished (pending, processing, failed and due for a retry) never goes.
--                             Deduplication needs no older row: a redelivery older than the
--                             5-minute signature window is refused anyway.
--   odoo.event_log            the log of a finished event for 30 days (it goes with its event too)
--   odoo_seed.sync_runs       90 days, except a run still running
--   advisor.runs (findings)   30 days, always keeping the latest run
create or replace function ops.purge_history(
  cron_history interval default '30 days',
  outbox_settled interval default '90 days',
  webhook_completed interval default '30 days',
  webhook_dead interval default '90 days',
  sync_runs_kept interval default '90 days',
  advisor_runs_kept interval default '30 days'
) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  runs bigint := 0::bigint;
  responses bigint := 0::bigint;
  outbox bigint := 0::bigint;
  starts bigint := 0::bigint;
  webhooks bigint := 0::bigint;
  event_logs bigint := 0::bigint;
  syncs bigint := 0::bigint;
  advisor_runs bigint := 0::bigint;
begin
  if cron_history is null or outbox_settled is null or webhook_completed is null or webhook_dead is null
     or sync_runs_kept is null or advisor_runs_kept is null
     or least(cron_history, outbox_settled, webhook_completed, webhook_dead, sync_runs_kept, advisor_runs_kept) < interval '1 day' then
    raise exception 'ops.purge_history: every retention must be at least 1 day'
      using errcode = 'SS240', hint = 'pass intervals such as ''30 days''; NULL is not "keep forever"';
  end if;
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
  -- the log of finished events first, so that every purged log row is counted
  delete from odoo.event_log l
   using odoo.webhook_events e
   where e.id = l.event_id and e.status in ('completed', 'dead') and l.at < pg_catalog.now() - webhook_completed;
  get diagnostics event_logs = row_count;
  -- the hours of the events about to go are counted first: a webhook key's use outlives them
  perform odoo.roll_up_key_use(webhook_completed, webhook_dead);
  delete from odoo.webhook_events e
   where (e.status = 'completed' and coalesce(e.completed_at, e.received_at) < pg_catalog.now() - webhook_completed)
      or (e.status = 'dead' and e.received_at < pg_catalog.now() - webhook_dead);
  get diagnostics webhooks = row_count;
  delete from odoo_seed.sync_runs r where r.status <> 'running' and r.started_at < pg_catalog.now() - sync_runs_kept;
  get diagnostics syncs = row_count;
  delete from advisor.runs r
   where r.started_at < pg_catalog.now() - advisor_runs_kept
     and r.id <> (select max(x.id) from advisor.runs x);
  get diagnostics advisor_runs = row_count;
  return pg_catalog.jsonb_build_object('cron_runs', runs, 'net_responses', responses, 'outbox_rows', outbox, 'server_starts', starts,
    'webhook_events', webhooks, 'webhook_event_log', event_logs, 'sync_runs', syncs, 'advisor_runs', advisor_runs);
end
$$;
comment on function ops.purge_history(interval, interval, interval, interval, interval, interval) is
  'Retention (housekeeping-retention): cron run details, net responses past pg_net.ttl, settled outbox rows, server starts, finished Odoo webhook events and their log, finished sync runs, advisor runs but the latest; never an unfinished event. Returns the counts; SS240 for a retention under a day.';
revoke execute on function ops.purge_history(interval, interval, interval, interval, interval, interval) from public;
