-- ops.outbox_dispatch: hands due outbox rows to net.http_post, signing each attempt with a fresh
-- timestamp (a retry after minutes must still pass the receiver's 5-minute window). Rows are taken
-- by ops.claim, the one claim of the platform's queues: skip locked, so dispatchers never collide,
-- and a dispatched row whose claim is abandoned (its request neither queued nor answered past the
-- lease, or sent before the server restarted: pg_net's tables are unlogged) is reclaimed and sent
-- again, its previous attempt recorded as 'lost' (or the row dead when that was its last attempt).
-- The lease of a dispatched row is its timeout plus 30 s; ops.outbox_renew_leases, run first,
-- extends it while the request is still queued or answered but not yet settled.
create or replace function ops.outbox_dispatch(batch_size int default 100)
returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  c record;
  r ops.outbox%rowtype;
  target text;
  hdrs jsonb;
  ts text;
  req bigint;
  n int := 0;
begin
  perform ops.outbox_renew_leases();
  for c in select * from ops.claim('ops.outbox', 'ops.outbox_dispatch', batch_size, interval '5 minutes') loop
    select * into r from ops.outbox o where o.id = c.id::bigint;
    if c.outcome <> 'claimed' then
      insert into ops.outbox_attempts (outbox_id, attempt, net_request_id, error, outcome)
      values (r.id, case c.outcome when 'dead' then c.attempt else c.attempt - 1 end, r.net_request_id,
              'lost: request neither answered nor queued when its lease ran out, or sent before the server restarted',
              case c.outcome when 'dead' then 'dead' else 'lost' end);
      if c.outcome = 'dead' then
        update ops.outbox o set net_request_id = null where o.id = r.id;
        continue;
      end if;
    end if;
    begin
      target := coalesce(r.url, control_plane.secret_value(r.url_secret));
      hdrs := '{"Content-Type": "application/json"}'::jsonb || r.headers
              || pg_catalog.jsonb_build_object('x-ssot-outbox-id', r.id::text, 'x-ssot-attempt', c.attempt::text);
      if r.signing_secret is not null then
        ts := pg_catalog.floor(extract(epoch from pg_catalog.clock_timestamp()))::bigint::text;
        hdrs := hdrs || pg_catalog.jsonb_build_object(
          'x-ipai-timestamp', ts,
          'x-ipai-signature', ops.outbox_sign(control_plane.secret_value(r.signing_secret), ts, r.body::text));
      end if;
      req := net.http_post(url => target, body => r.body, headers => hdrs, timeout_milliseconds => r.timeout_milliseconds);
      update ops.outbox o
         set net_request_id = req, dispatched_at = pg_catalog.now(),
             locked_until = pg_catalog.now() + o.timeout_milliseconds * interval '1 millisecond' + interval '30 seconds'
       where o.id = r.id;
      n := n + 1;
    exception when others then
      -- a missing secret or a URL net.http_post refuses: a failed attempt, retried like any other
      perform ops.outbox_record_failure(r.id, c.attempt, null, null, false, 'dispatch: ' || sqlerrm);
    end;
  end loop;
  return n;
end
$$;
comment on function ops.outbox_dispatch(int) is 'Hands up to batch_size due outbox rows to net.http_post (signed when the row names a signing secret), reclaiming lost requests; returns how many were sent.';
revoke execute on function ops.outbox_dispatch(int) from public;

-- ops.outbox_renew_leases: a dispatched row whose request is still in net.http_request_queue, or
-- answered in net._http_response but not yet settled by ops.outbox_reconcile, is alive: its lease
-- is extended to its timeout plus 30 s from now, so no dispatcher reclaims it. Returns how many.
create or replace function ops.outbox_renew_leases()
returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  n int;
begin
  update ops.outbox o
     set locked_until = pg_catalog.now() + o.timeout_milliseconds * interval '1 millisecond' + interval '30 seconds'
   where o.status = 'dispatched'
     and o.locked_until < pg_catalog.now() + o.timeout_milliseconds * interval '1 millisecond' + interval '15 seconds'
     and (exists (select from net.http_request_queue q where q.id = o.net_request_id)
          or exists (select from net._http_response x where x.id = o.net_request_id and x.created >= o.dispatched_at - interval '1 second'));
  get diagnostics n = row_count;
  return n;
end
$$;
comment on function ops.outbox_renew_leases() is 'Extends the lease of dispatched outbox rows whose request is still queued, or answered but not settled; returns how many.';
revoke execute on function ops.outbox_renew_leases() from public;
