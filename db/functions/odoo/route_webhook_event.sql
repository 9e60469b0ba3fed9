-- odoo.route_webhook_event: queues a processed Odoo event to the n8n workflow of every active route
-- it matches (odoo.event_routes), through the durable outbox: signed with n8n_webhook_signing_secret
-- at each attempt, retried with backoff, one row per event and route (idempotency key). Runs inside
-- the event's processing (odoo.run_webhook_event), so an event is completed only once it is queued:
-- a missing n8n_base_url fails the event, which is retried, instead of dropping its routes.
create or replace function odoo.route_webhook_event(e odoo.webhook_events)
returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  slug text;
  base text;
  r odoo.event_routes;
  queued integer := 0;
begin
  select i.slug into slug from odoo.instances i where i.id = e.instance_id;
  for r in
    select * from odoo.event_routes x
     where x.active
       and (x.instance_slug is null or x.instance_slug = slug)
       and x.model in ('*', e.aggregate_type)
       and x.event_type in ('*', e.event_type)
     order by x.id
  loop
    if base is null then
      base := pg_catalog.rtrim(control_plane.secret_value('n8n_base_url'), '/');
    end if;
    perform ops.outbox_enqueue(
      topic => 'odoo.' || slug || '.' || e.aggregate_type,
      body => pg_catalog.jsonb_build_object(
        'event_type', 'odoo.' || e.event_type,
        'instance', slug,
        'model', e.aggregate_type,
        'record_id', e.aggregate_id,
        'event_id', e.id,
        'signed_at', pg_catalog.to_char(e.signed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'payload', e.payload),
      url => base || '/webhook/' || r.n8n_path,
      signing_secret => 'n8n_webhook_signing_secret',
      idempotency_key => e.id::text || '/route/' || r.id::text);
    queued := queued + 1;
  end loop;
  return queued;
end
$$;
comment on function odoo.route_webhook_event(odoo.webhook_events) is 'Queues a processed Odoo event to the outbox for every active route it matches (n8n_base_url + /webhook/ + n8n_path, signed); returns how many.';
revoke execute on function odoo.route_webhook_event(odoo.webhook_events) from public, anon, authenticated;
