-- odoo.apply_webhook_event: the handler of one webhook event. The record it carries is projected by
-- odoo.project_record, the same function a pull (`ssot odoo shadow`) calls: project.project and
-- project.task into the shadows, account.move into the mirror summary. A write event may carry
-- only the changed fields (complete = false); unlink/delete events remove the projection. Events
-- apply in Odoo's order (the payload's write_date, else the signed timestamp): one older than the
-- state held is 'stale' and changes nothing. Returns 'applied', 'stale' or 'skipped' (a model with
-- no handler); raises on a payload it cannot project (the worker records the error and retries).
create or replace function odoo.apply_webhook_event(e odoo.webhook_events)
returns text
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  oid integer;
begin
  if not odoo.webhook_handles(e.aggregate_type) then
    return 'skipped';
  end if;
  -- ingest refuses such an id (SS416); an event stored before that check still fails here
  oid := odoo.webhook_record_id(e.aggregate_id);
  if oid is null then
    raise exception '% event %: aggregate_id % is not an Odoo record id', e.aggregate_type, e.id, e.aggregate_id using errcode = 'SS430';
  end if;
  return odoo.project_record(e.instance_id, e.aggregate_type, oid, e.payload,
                             deleted => e.event_type in ('unlink', 'delete', 'deleted'),
                             version => odoo.record_version(e.payload, e.signed_at));
end
$$;
comment on function odoo.apply_webhook_event(odoo.webhook_events) is 'Projects one webhook event through odoo.project_record (shadows or mirror.odoo_account_moves); returns applied, stale or skipped.';
revoke execute on function odoo.apply_webhook_event(odoo.webhook_events) from public, anon, authenticated, service_role;
