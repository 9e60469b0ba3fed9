-- ops.queue_metrics: one row per queue of the platform, the same measures for each, for dashboards,
-- alerts and the operator's eye:
--   odoo.webhook_events   depth = pending, processing or failed (waiting to retry) events; due =
--                         pending or failed whose next attempt is due; failures and deaths from
--                         odoo.event_log (action failed or dead)
--   ops.outbox            depth = pending or dispatched rows; due = pending rows whose next attempt
--                         is due; failures and deaths from ops.outbox_attempts (retry, lost, dead)
--   net.http_request_queue (where pg_net or its compat is installed) depth = queued requests; a
--                         failure is a response in net._http_response with a transport error or a
--                         timeout (an HTTP status is the outbox's business); it has neither due
--                         times nor a dead state, so those columns are NULL
-- The rows come from a SECURITY DEFINER function so the view reads the queues whatever the
-- caller's table grants (only counts leave it); definitions apply where net is missing too.
create or replace function ops.queue_metrics_rows()
returns table (queue text, depth bigint, due bigint, oldest_due_age interval, failures_1h bigint, dead_24h bigint)
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return query
  select 'odoo.webhook_events'::text,
         (select count(*) from odoo.webhook_events e where e.status in ('pending', 'processing', 'failed')),
         (select count(*) from odoo.webhook_events e where e.status in ('pending', 'failed') and e.next_attempt_at <= pg_catalog.now()),
         (select pg_catalog.now() - min(e.next_attempt_at) from odoo.webhook_events e
           where e.status in ('pending', 'failed') and e.next_attempt_at <= pg_catalog.now()),
         (select count(*) from odoo.event_log l where l.action in ('failed', 'dead') and l.at > pg_catalog.now() - interval '1 hour'),
         (select count(*) from odoo.event_log l where l.action = 'dead' and l.at > pg_catalog.now() - interval '24 hours');
  return query
  select 'ops.outbox'::text,
         (select count(*) from ops.outbox o where o.status in ('pending', 'dispatched')),
         (select count(*) from ops.outbox o where o.status = 'pending' and o.next_attempt_at <= pg_catalog.now()),
         (select pg_catalog.now() - min(o.next_attempt_at) from ops.outbox o
           where o.status = 'pending' and o.next_attempt_at <= pg_catalog.now()),
         (select count(*) from ops.outbox_attempts a where a.outcome in ('retry', 'lost', 'dead') and a.at > pg_catalog.now() - interval '1 hour'),
         (select count(*) from ops.outbox_attempts a where a.outcome = 'dead' and a.at > pg_catalog.now() - interval '24 hours');
  -- pg_net's tables are unlogged: a read replica (READ_DATABASE_URL) has none of their rows and
  -- refuses to read them, so there the queue is left out
  if pg_catalog.to_regclass('net.http_request_queue') is not null and pg_catalog.to_regclass('net._http_response') is not null
     and not pg_catalog.pg_is_in_recovery() then
    return query execute
      $q$select 'net.http_request_queue'::text,
                (select pg_catalog.count(*) from net.http_request_queue),
                null::bigint, null::interval,
                (select pg_catalog.count(*) from net._http_response r
                  where (r.error_msg is not null or r.timed_out) and r.created > pg_catalog.now() - interval '1 hour'),
                null::bigint$q$;
  end if;
end
$$;
comment on function ops.queue_metrics_rows() is 'Rows of ops.queue_metrics: per queue, depth, due, age of the oldest due item, failures in the last hour, deaths in the last 24 hours.';
revoke execute on function ops.queue_metrics_rows() from public, anon, authenticated;

create or replace view ops.queue_metrics with (security_invoker = true) as
  select * from ops.queue_metrics_rows();
comment on view ops.queue_metrics is 'Per queue (odoo.webhook_events, ops.outbox, net.http_request_queue where installed): depth (waiting or in flight), due now, age of the oldest due item, failures in the last hour, dead in the last 24 hours (NULL where a queue has no such notion).';
revoke all on ops.queue_metrics from anon, authenticated;
