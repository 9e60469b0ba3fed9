-- control_plane.secret_use_hourly: how often each registered credential was used, per hour:
--   accessor  granted reads through the audited accessors (control_plane_redeem_secret's ticket,
--             control_plane.secret_value for the database's jobs and the CLI), from the access log
--   webhook   signed webhook events of each Odoo instance, a use of its webhook key: the live events
--             and, for hours already purged, odoo.webhook_key_use (the larger count of the two)
-- Hours in UTC. The access log and the webhook events are read, never a secret.
create or replace view control_plane.secret_use_hourly
with (security_invoker = true)
as
select l.secret_name, pg_catalog.date_bin('1 hour', l.at, timestamptz '2000-01-01 00:00:00+00') as hour,
       'accessor'::text as via, pg_catalog.count(*) as uses
  from control_plane.access_log l
 where l.outcome = 'granted' and l.access_type in ('read', 'dispatch') and l.secret_name is not null
 group by 1, 2
union all
select i.webhook_secret_name, h.hour, 'webhook', max(h.events)
  from (select e.instance_id, pg_catalog.date_bin('1 hour', e.received_at, timestamptz '2000-01-01 00:00:00+00') as hour, pg_catalog.count(*) as events
          from odoo.webhook_events e group by 1, 2
        union all
        select u.instance_id, u.hour, u.events from odoo.webhook_key_use u) h
  join odoo.instances i on i.id = h.instance_id
 group by i.webhook_secret_name, h.hour;
comment on view control_plane.secret_use_hourly is 'Uses of each credential per UTC hour: granted reads through the audited accessors (access log; via accessor) and signed webhook events per instance key (live events or odoo.webhook_key_use; via webhook).';

-- control_plane.secret_use: per registered credential, when it was last used and its uses in the
-- last 30 days, looked up by index per credential (the doctor and the secret_unused lint read it):
-- granted reads in the access log, and for an instance's webhook key its signed events (live or
-- rolled up). NULL last_used_at: never used as far as the accounting reaches; external credentials
-- are used outside the database and never counted.
create or replace view control_plane.secret_use
with (security_invoker = true)
as
select s.name, s.location, s.vault_secret_id is not null as has_value, s.last_rotated_at,
       greatest(a.last_at, w.last_at) as last_used_at,
       coalesce(a.uses_30d, 0) + coalesce(w.uses_30d, 0) as uses_30d
  from control_plane.secrets s
  cross join lateral (
    select max(l.at) as last_at, pg_catalog.count(*) filter (where l.at >= now() - interval '30 days') as uses_30d
      from control_plane.access_log l
     where l.secret_name = s.name and l.outcome = 'granted' and l.access_type in ('read', 'dispatch')) a
  cross join lateral (
    select max(x.last_at) as last_at, sum(x.uses_30d)::bigint as uses_30d
      from odoo.instances i
      cross join lateral (
        select max(e.received_at) as last_at, pg_catalog.count(*) filter (where e.received_at >= now() - interval '30 days') as uses_30d
          from odoo.webhook_events e where e.instance_id = i.id
        union all
        select max(u.hour) + interval '1 hour', coalesce(sum(u.events) filter (where u.hour >= now() - interval '30 days'), 0)
          from odoo.webhook_key_use u where u.instance_id = i.id
            and u.hour < coalesce((select min(e.received_at) from odoo.webhook_events e where e.instance_id = i.id), 'infinity')) x
     where i.webhook_secret_name = s.name) w;
comment on view control_plane.secret_use is 'Each registered credential with its last use (granted accessor reads; signed webhook events of the instances whose key it is, live or rolled up) and its uses in the last 30 days; NULL last_used_at: never used. External credentials are used outside the database and never counted.';
