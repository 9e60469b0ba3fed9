-- odoo.claim_webhook_events: a worker claims up to `batch` due events (pending, or failed and due
-- again) through ops.claim, the one claim of the platform's queues: `for update skip locked`, so
-- concurrent workers never claim the same event, and an abandoned claim (lease run out, or the
-- backend that made it gone: a crashed worker) is reclaimed at once; dead when it was the last
-- attempt. Every claim, reclaim and such death is written to odoo.event_log.
create or replace function odoo.claim_webhook_events(worker text, batch integer default 50, lease interval default '5 minutes')
returns setof uuid
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if worker is null or worker !~ '^\S{1,100}$' then
    raise exception 'worker must be a name of 1 to 100 non-space characters' using errcode = 'SS420';
  end if;
  if batch is null or batch < 1 or batch > 10000 then
    raise exception 'batch must be between 1 and 10000, got %', batch using errcode = 'SS421';
  end if;
  return query
  with claimed as (
    select c.id::uuid as id, c.attempt, c.outcome from ops.claim('odoo.webhook_events', worker, batch, lease) c
  ), logged as (
    insert into odoo.event_log (event_id, action, worker, attempt, detail)
    select c.id, c.outcome, worker, c.attempt,
           case when c.outcome = 'dead'
                then pg_catalog.jsonb_build_object('reason', 'abandoned at its last attempt: lease ran out, or the worker or the server stopped')
                else '{}'::jsonb end
      from claimed c
  )
  select c.id from claimed c where c.outcome <> 'dead';
end
$$;
comment on function odoo.claim_webhook_events(text, integer, interval) is 'Claims up to batch due webhook events for a worker (ops.claim: skip locked, abandoned claims reclaimed); returns the ids to run.';
revoke execute on function odoo.claim_webhook_events(text, integer, interval) from public, anon, authenticated;
grant execute on function odoo.claim_webhook_events(text, integer, interval) to service_role;
