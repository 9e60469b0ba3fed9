-- odoo.process_webhook_batch: claim and process one batch in one call (for pg_cron, or psql).
-- Everything happens in the caller's transaction; `ssot odoo process` instead commits the claim
-- and each event separately, so a crash mid-batch leaves claims that are reclaimed.
create or replace function odoo.process_webhook_batch(worker text default 'pg_cron', batch integer default 100)
returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  id uuid;
  r text;
  counts jsonb := '{"claimed": 0, "completed": 0, "failed": 0, "dead": 0, "lost": 0}'::jsonb;
begin
  for id in select c from odoo.claim_webhook_events(worker, batch) c loop
    counts := pg_catalog.jsonb_set(counts, '{claimed}', pg_catalog.to_jsonb((counts ->> 'claimed')::integer + 1));
    r := odoo.run_webhook_event(id, worker);
    counts := pg_catalog.jsonb_set(counts, array[r], pg_catalog.to_jsonb((counts ->> r)::integer + 1));
  end loop;
  return counts;
end
$$;
comment on function odoo.process_webhook_batch(text, integer) is 'Claims and processes one batch of webhook events; returns counts per outcome.';
revoke execute on function odoo.process_webhook_batch(text, integer) from public, anon, authenticated;
grant execute on function odoo.process_webhook_batch(text, integer) to service_role;
