-- The one way a queue of the platform is claimed and reclaimed (odoo.webhook_events and ops.outbox).
--
-- A queue row is due when its status is a waiting one and its next_attempt_at has come. A worker
-- claims due rows with `for update skip locked` (concurrent workers never wait on each other nor
-- take the same row): the row moves to the queue's claimed status, attempts + 1, and records its
-- holder in four columns every queue has: locked_by (the worker's name), locked_pid and
-- locked_backend_start (the backend that holds it), locked_until (the lease).
--
-- A claim is abandoned, and the next claim takes the row back ('reclaimed'), when
--   - its lease ran out, or
--   - it was made before the server last started (nothing of that time survives), or
--   - the backend that holds it is gone (a crashed worker: reclaimed at once, however long the lease).
-- A claim the platform hands on instead of holding (the outbox: once net.http_post has the request, no
-- backend holds it) has no locked_pid; its lease is the request's timeout plus a margin, renewed while
-- the request is still queued or answered but not yet settled (ops.outbox_renew_leases).
-- An abandoned claim that was the row's last attempt is not retried: the row goes 'dead'.
--
-- ops.claim returns what it did per row: 'claimed', 'reclaimed' or 'dead'; each queue logs it in its
-- own history (odoo.event_log, ops.outbox_attempts).

-- ops.claim_abandoned: whether a claim is abandoned (the rule above). Also what the backlog lints count.
create or replace function ops.claim_abandoned(locked_pid integer, locked_backend_start timestamptz, locked_until timestamptz)
returns boolean
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce($3 < pg_catalog.now(), false)
      or coalesce($2 < pg_catalog.pg_postmaster_start_time(), false)
      -- without pg_read_all_stats another role's backend_start reads as NULL: then the pid alone
      -- decides, which errs on the safe side (a reused pid keeps the claim until its lease ends)
      or ($1 is not null and not exists (
            select from pg_catalog.pg_stat_activity a
             where a.pid = $1 and coalesce(a.backend_start = $2, true)))
$$;
comment on function ops.claim_abandoned(integer, timestamptz, timestamptz) is 'True when a queue claim is abandoned: its lease ran out, it predates the last server start, or its holding backend is gone.';
revoke execute on function ops.claim_abandoned(integer, timestamptz, timestamptz) from public;

-- ops.claim: claims up to batch due or abandoned rows of a queue for a worker. Not SECURITY DEFINER:
-- it runs inside the queues' own functions (odoo.claim_webhook_events, ops.outbox_dispatch).
create or replace function ops.claim(queue regclass, worker text, batch integer, lease interval)
returns table (id text, attempt integer, outcome text)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  waiting text[];
  claimed text;
  held boolean;
  holder_pid integer := pg_catalog.pg_backend_pid();
  holder_start timestamptz;
begin
  -- the queues: their waiting statuses, their claimed status, and whether the claimer holds the claim
  if queue = 'odoo.webhook_events'::regclass then
    waiting := '{pending,failed}'; claimed := 'processing'; held := true;
  elsif queue = 'ops.outbox'::regclass then
    waiting := '{pending}'; claimed := 'dispatched'; held := false;
  else
    raise exception '% is not a queue', coalesce(queue::text, 'NULL')
      using errcode = 'SS242', hint = 'The queues are odoo.webhook_events and ops.outbox.';
  end if;
  if worker is null or worker !~ '^\S{1,100}$' then
    raise exception 'worker must be a name of 1 to 100 non-space characters' using errcode = 'SS243';
  end if;
  if batch is null or batch < 1 or batch > 10000 then
    raise exception 'batch must be between 1 and 10000, got %', coalesce(batch::text, 'NULL') using errcode = 'SS244';
  end if;
  if lease is null or lease < interval '0' or lease > interval '1 day' then
    raise exception 'lease must be between 0 and 1 day, got %', coalesce(lease::text, 'NULL') using errcode = 'SS245';
  end if;
  select a.backend_start into holder_start from pg_catalog.pg_stat_activity a where a.pid = holder_pid;
  return query execute pg_catalog.format($q$
    with due as (
      select q.id, q.status = $2 as abandoned, q.attempts >= q.max_attempts as last
        from %1$s q
       where (q.status = any ($1) and q.next_attempt_at <= pg_catalog.now())
          or (q.status = $2 and ops.claim_abandoned(q.locked_pid, q.locked_backend_start, q.locked_until))
       order by q.next_attempt_at, q.id
       limit $3
         for update of q skip locked
    )
    update %1$s q
       set status = case when due.abandoned and due.last then 'dead' else $2 end,
           attempts = q.attempts + case when due.abandoned and due.last then 0 else 1 end,
           last_error = case when due.abandoned and due.last
                             then pg_catalog.format('abandoned at its last attempt (%%s of %%s): the lease of %%s ran out, or its worker or the server stopped',
                                                    q.attempts, q.max_attempts, q.locked_by)
                             else q.last_error end,
           locked_by = case when due.abandoned and due.last then null else $4 end,
           locked_pid = case when due.abandoned and due.last or not $5 then null else $6 end,
           locked_backend_start = case when due.abandoned and due.last then null else $7 end,
           locked_until = case when due.abandoned and due.last then null else pg_catalog.now() + $8 end
      from due
     where q.id = due.id
    returning q.id::text, q.attempts,
              case when not due.abandoned then 'claimed' when due.last then 'dead' else 'reclaimed' end
  $q$, queue)
  using waiting, claimed, batch, worker, held, holder_pid, holder_start, lease;
end
$$;
comment on function ops.claim(regclass, text, integer, interval) is 'Claims up to batch due rows of a queue (odoo.webhook_events, ops.outbox) for a worker with skip locked, reclaiming abandoned claims (dead when it was the last attempt); returns id, attempt and claimed | reclaimed | dead per row.';
revoke execute on function ops.claim(regclass, text, integer, interval) from public;
