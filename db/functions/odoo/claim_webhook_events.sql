-- odoo.claim_webhook_events: a worker claims up to `batch` due events (pending, failed and due
-- again, or processing under a claim that is abandoned) with `for update skip locked`, so
-- concurrent workers never claim the same event. A claim is abandoned when its lease ran out or
-- when the backend that made it is gone (a crashed worker): then it is reclaimed at once.
create or replace function odoo.claim_webhook_events(worker text, batch integer default 50, lease interval default '5 minutes')
returns setof uuid
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  me record;
begin
  if worker is null or worker !~ '^\S{1,100}$' then
    raise exception 'worker must be a name of 1 to 100 non-space characters' using errcode = 'SS420';
  end if;
  if batch is null or batch < 1 or batch > 10000 then
    raise exception 'batch must be between 1 and 10000, got %', batch using errcode = 'SS421';
  end if;
  select a.pid, a.backend_start into me from pg_catalog.pg_stat_activity a where a.pid = pg_catalog.pg_backend_pid();
  return query
  with due as (
    select e.id, e.status as was
      from odoo.webhook_events e
     where (e.status in ('pending', 'failed') and e.next_attempt_at <= pg_catalog.now())
        or (e.status = 'processing' and (
              e.locked_until < pg_catalog.now()
           or not exists (select from pg_catalog.pg_stat_activity a
                           where a.pid = e.locked_pid and a.backend_start = e.locked_backend_start)))
     order by e.next_attempt_at, e.id
     limit batch
       for update of e skip locked
  ), claimed as (
    update odoo.webhook_events e
       set status = 'processing', attempts = e.attempts + 1, locked_by = worker,
           locked_pid = me.pid, locked_backend_start = me.backend_start,
           locked_until = pg_catalog.now() + lease, last_error = e.last_error
      from due
     where e.id = due.id
    returning e.id, e.attempts, due.was
  ), logged as (
    insert into odoo.event_log (event_id, action, worker, attempt, detail)
    select c.id, case when c.was = 'processing' then 'reclaimed' else 'claimed' end, worker, c.attempts, '{}'::jsonb
      from claimed c
  )
  select c.id from claimed c;
end
$$;
comment on function odoo.claim_webhook_events(text, integer, interval) is 'Claims up to batch due webhook events for a worker (skip locked); reclaims abandoned claims.';
revoke execute on function odoo.claim_webhook_events(text, integer, interval) from public, anon, authenticated;
grant execute on function odoo.claim_webhook_events(text, integer, interval) to service_role;
