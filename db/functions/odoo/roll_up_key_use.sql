-- odoo.roll_up_key_use: before ops.purge_history deletes finished webhook events, the hours they
-- fall in are counted per instance into odoo.webhook_key_use (all events of each such hour, the
-- larger count kept), so the use of each instance's webhook key is still known after the purge.
-- The arguments are purge_history's retentions of completed and dead events. Returns the hours written.
create or replace function odoo.roll_up_key_use(completed_kept interval, dead_kept interval)
returns bigint
language plpgsql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
declare
  n bigint;
begin
  insert into odoo.webhook_key_use as u (instance_id, hour, events)
  select e.instance_id, pg_catalog.date_bin('1 hour', e.received_at, timestamptz '2000-01-01 00:00:00+00'), pg_catalog.count(*)
    from odoo.webhook_events e
   where (e.instance_id, pg_catalog.date_bin('1 hour', e.received_at, timestamptz '2000-01-01 00:00:00+00')) in (
           select d.instance_id, pg_catalog.date_bin('1 hour', d.received_at, timestamptz '2000-01-01 00:00:00+00')
             from odoo.webhook_events d
            where (d.status = 'completed' and coalesce(d.completed_at, d.received_at) < pg_catalog.now() - completed_kept)
               or (d.status = 'dead' and d.received_at < pg_catalog.now() - dead_kept))
   group by 1, 2
  on conflict (instance_id, hour) do update set events = greatest(u.events, excluded.events);
  get diagnostics n = row_count;
  return n;
end
$$;
comment on function odoo.roll_up_key_use(interval, interval) is 'Counts, per instance and hour, the webhook events ops.purge_history is about to delete (with every other event of those hours) into odoo.webhook_key_use; returns the hours written.';
revoke execute on function odoo.roll_up_key_use(interval, interval) from public, anon, authenticated, service_role;
