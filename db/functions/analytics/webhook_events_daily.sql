-- analytics.webhook_events_daily: a read model of odoo.webhook_events, per UTC day of receipt,
-- instance and Odoo model (owner's rights, no API role may read it: see analytics.deployments_daily).
-- Counts only: no payload leaves the bridge.
create or replace view analytics.webhook_events_daily as
select (w.received_at at time zone 'utc')::date as day,
       w.instance_id,
       w.aggregate_type as model,
       count(*) as received,
       count(*) filter (where w.status = 'completed') as completed,
       count(*) filter (where w.status in ('pending', 'processing')) as pending,
       count(*) filter (where w.status = 'failed') as failed,
       count(*) filter (where w.status = 'dead') as dead,
       round(avg(extract(epoch from w.completed_at - w.received_at)) filter (where w.completed_at is not null), 3) as avg_latency_s
from odoo.webhook_events w
group by 1, 2, 3;
comment on view analytics.webhook_events_daily is 'Odoo webhook events per UTC day of receipt, instance and model: counts by status and the mean seconds from receipt to completion (read model of odoo.webhook_events).';
revoke all on analytics.webhook_events_daily from public, anon, authenticated, service_role;
grant select on analytics.webhook_events_daily to superset_reader;  -- Superset's read-only account (migration 000026)
