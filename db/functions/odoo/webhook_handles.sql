-- The models the bridge projects, and the record id they need: one list, read by the projection
-- (odoo.project_record and its webhook handler odoo.apply_webhook_event: other models are completed
-- as skipped) and by ingest (private.odoo_webhook: an event of a handled model whose aggregate_id
-- the handler could not use is refused at once with SS416, instead of failing in the worker until
-- it is dead). A model gets a branch in odoo.project_record when it is added here.
create or replace function odoo.webhook_handles(aggregate_type text) returns boolean
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(aggregate_type in ('project.project', 'project.task', 'account.move'), false)
$$;
comment on function odoo.webhook_handles(text) is 'Whether odoo.apply_webhook_event projects events of this Odoo model (the one list of handled models; ingest reads it too).';
revoke execute on function odoo.webhook_handles(text) from public, anon, authenticated, service_role;

create or replace function odoo.webhook_record_id(aggregate_id text) returns integer
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case when aggregate_id ~ '^[0-9]{1,9}$' then aggregate_id::integer end
$$;
comment on function odoo.webhook_record_id(text) is 'The Odoo record id a handled model''s aggregate_id names (1 to 9 digits), or NULL when it is not one (SS416 at ingest, SS430 in the handler).';
revoke execute on function odoo.webhook_record_id(text) from public, anon, authenticated, service_role;
