-- ops.outbox_reconcile: copies net responses back onto dispatched outbox rows. 2xx: delivered.
-- 5xx, 408, 429, timeouts and transport errors: retried with backoff, dead after max_attempts.
-- Other statuses: dead at once. A request that vanished (neither queued nor answered: the unlogged
-- net tables were emptied by a crash, or pg_net lost it) is not this function's business: its claim
-- is abandoned, and ops.outbox_dispatch reclaims it (ops.claim).
create or replace function ops.outbox_reconcile(batch_size int default 500)
returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  r record;
  resp record;
  n int := 0;
begin
  for r in
    select * from ops.outbox o
     where o.status = 'dispatched'
       and exists (select from net._http_response x where x.id = o.net_request_id and x.created >= o.dispatched_at - interval '1 second')
     order by o.dispatched_at, o.id
     limit batch_size
       for update skip locked
  loop
    select x.status_code, x.timed_out, x.error_msg into resp
      from net._http_response x
     where x.id = r.net_request_id and x.created >= r.dispatched_at - interval '1 second'
     order by x.created desc
     limit 1;
    if found then
      if resp.status_code between 200 and 299 then
        insert into ops.outbox_attempts (outbox_id, attempt, net_request_id, status_code, outcome)
        values (r.id, r.attempts, r.net_request_id, resp.status_code, 'delivered');
        update ops.outbox o
           set status = 'delivered', delivered_at = pg_catalog.now(), last_status_code = resp.status_code, last_error = null,
               locked_by = null, locked_pid = null, locked_backend_start = null, locked_until = null
         where o.id = r.id;
      elsif coalesce(resp.timed_out, false) or resp.status_code is null or resp.status_code >= 500 or resp.status_code in (408, 429) then
        perform ops.outbox_record_failure(r.id, r.attempts, r.net_request_id, resp.status_code, resp.timed_out,
          coalesce(resp.error_msg, 'HTTP ' || resp.status_code));
      else
        perform ops.outbox_record_failure(r.id, r.attempts, r.net_request_id, resp.status_code, false,
          'HTTP ' || resp.status_code || ' (not retried)', false);
      end if;
      n := n + 1;
    end if;
  end loop;
  return n;
end
$$;
comment on function ops.outbox_reconcile(int) is 'Copies net._http_response results back onto dispatched outbox rows (delivered, retry with backoff, dead); returns how many rows it settled.';
revoke execute on function ops.outbox_reconcile(int) from public;
