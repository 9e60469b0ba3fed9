-- odoo.run_webhook_event: processes one event this worker has claimed. The handler, and the
-- routing to n8n (odoo.route_webhook_event), run in a subtransaction: on success the event is
-- completed; on error its changes are undone and the event is failed with a backoff
-- (base * 2^(attempts-1), capped), or dead after max_attempts.
-- A claim the worker lost (its lease ran out and another worker took it) is left alone: 'lost'.
-- An event older than the state the projection holds (odoo.project_record answered 'stale') is
-- completed and logged as 'skipped' with both versions.
-- A processed event is in ops.events too: odoo.webhook_processed (outcome applied, stale or skipped),
-- emitted in the handler's subtransaction, and odoo.webhook_dead when the last attempt failed; both
-- carry the event's id as aggregate_id and correlation_id, never its payload.
create or replace function odoo.run_webhook_event(
  event_id uuid, worker text,
  base_backoff interval default '10 seconds', max_backoff interval default '1 hour'
)
returns text
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  e odoo.webhook_events;
  outcome text;
  err text;
  err_state text;
  next_status text;
begin
  select * into e from odoo.webhook_events w where w.id = event_id for update;
  if not found or e.status <> 'processing' or e.locked_by is distinct from worker then
    return 'lost';
  end if;
  begin
    outcome := odoo.apply_webhook_event(e);
    -- queued in the same subtransaction: an event is completed only with its routes queued
    perform odoo.route_webhook_event(e);
    perform ops.emit('odoo.webhooks', 'odoo.webhook_processed',
      pg_catalog.jsonb_build_object('outcome', outcome, 'event_type', e.event_type, 'model', e.aggregate_type, 'attempt', e.attempts),
      'odoo.webhook_event', e.id::text, e.id);
  exception when others then
    get stacked diagnostics err = message_text, err_state = returned_sqlstate;
  end;
  if err_state is null then
    update odoo.webhook_events w
       set status = 'completed', completed_at = pg_catalog.now(), last_error = null,
           locked_by = null, locked_pid = null, locked_backend_start = null, locked_until = null
     where w.id = e.id;
    insert into odoo.event_log (event_id, action, worker, attempt, detail)
    values (e.id, case when outcome in ('skipped', 'stale') then 'skipped' else 'completed' end, worker, e.attempts,
            case outcome
              when 'skipped' then pg_catalog.jsonb_build_object('reason', 'no handler for ' || e.aggregate_type)
              when 'stale' then pg_catalog.jsonb_build_object(
                'reason', 'older than the state held',
                'event_version', odoo.record_version(e.payload, e.signed_at),
                'held_version', (select v.version from odoo.record_versions v
                                  where v.instance_id = e.instance_id and v.model = e.aggregate_type and v.odoo_id = e.aggregate_id::integer))
              else '{}'::jsonb end);
    return 'completed';
  end if;
  next_status := case when e.attempts >= e.max_attempts then 'dead' else 'failed' end;
  update odoo.webhook_events w
     set status = next_status,
         last_error = pg_catalog.format('%s: %s', err_state, err),
         next_attempt_at = case when next_status = 'failed'
                                then pg_catalog.now() + ops.backoff(e.attempts, base_backoff, max_backoff)
                                else w.next_attempt_at end,
         locked_by = null, locked_pid = null, locked_backend_start = null, locked_until = null
   where w.id = e.id;
  insert into odoo.event_log (event_id, action, worker, attempt, detail)
  values (e.id, next_status, worker, e.attempts, pg_catalog.jsonb_build_object('sqlstate', err_state, 'error', err));
  if next_status = 'dead' then
    perform ops.emit('odoo.webhooks', 'odoo.webhook_dead',
      pg_catalog.jsonb_build_object('event_type', e.event_type, 'model', e.aggregate_type, 'attempt', e.attempts, 'sqlstate', err_state),
      'odoo.webhook_event', e.id::text, e.id);
  end if;
  return next_status;
end
$$;
comment on function odoo.run_webhook_event(uuid, text, interval, interval) is 'Runs the handler of one claimed webhook event: completed, failed (with backoff), dead, or lost; emits odoo.webhook_processed or odoo.webhook_dead.';
revoke execute on function odoo.run_webhook_event(uuid, text, interval, interval) from public, anon, authenticated;
grant execute on function odoo.run_webhook_event(uuid, text, interval, interval) to service_role;
