-- Anchoring the seal heads outside the owner's reach (docs/anchors.md). The head of a seal chain
-- (ops.event_seals, control_plane.access_log_seals) is POSTed through the outbox to an external
-- anchor receiver, which answers {seq, received_at, receipt} with its own counter, its own clock
-- and an HMAC-SHA256 under a key the database never sees; the receipt lands in ops.seal_anchors.
-- src/events/anchors.ts checks the receipts with that key. Nothing here runs per written event:
-- only the seal job (housekeeping-event-seals) calls these.

-- ops.seal_anchor_send: queue one anchor of a chain's current head; returns the outbox id, or NULL
-- when the chain has no seal yet. kind 'seal' once per seal (idempotency key per seal id), kind
-- 'heartbeat' the same head again, keyed by the second it was sent.
create or replace function ops.seal_anchor_send(chain text, kind text, url text, url_secret text)
returns bigint
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  h record;
begin
  if chain is null or chain not in ('ops.events', 'control_plane.access_log') then
    raise exception 'seal anchor: unknown chain %', coalesce(chain, 'NULL') using errcode = 'SS030',
      hint = 'ops.events or control_plane.access_log';
  end if;
  if kind is null or kind not in ('seal', 'heartbeat') then
    raise exception 'seal anchor: kind must be seal or heartbeat (got %)', coalesce(kind, 'NULL') using errcode = 'SS031';
  end if;
  if chain = 'ops.events' then
    select s.id, s.hash, s.to_txid, s.event_count as n, s.sealed_at into h from ops.event_seals s order by s.id desc limit 1;
  else
    select s.id, s.hash, s.to_txid, s.row_count as n, s.sealed_at into h from control_plane.access_log_seals s order by s.id desc limit 1;
  end if;
  if h.id is null then
    return null;
  end if;
  return ops.outbox_enqueue(
    topic => 'ops.seal_anchor',
    body => pg_catalog.jsonb_build_object('chain', chain, 'kind', kind, 'seal_id', h.id, 'hash', pg_catalog.encode(h.hash, 'hex'),
      'to_txid', h.to_txid::text, 'count', h.n, 'sealed_at', pg_catalog.to_char(h.sealed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
    url => url, url_secret => url_secret, max_attempts => 12, backoff_base => interval '10 seconds',
    idempotency_key => 'seal-anchor:' || chain || ':' || h.id
      || case kind when 'heartbeat' then ':heartbeat:' || pg_catalog.floor(extract(epoch from pg_catalog.now()))::bigint::text else '' end);
end
$$;
comment on function ops.seal_anchor_send(text, text, text, text) is 'Queues the head of a seal chain (ops.events or control_plane.access_log) for the anchor receiver through the outbox, as a seal or a heartbeat; returns the outbox id, NULL when the chain has no seal. SS030 unknown chain, SS031 unknown kind.';
revoke execute on function ops.seal_anchor_send(text, text, text, text) from public;

-- ops.seal_anchor_record: the receipts of delivered anchors (the last day's), read from the net
-- response of their delivered attempt, into ops.seal_anchors. A response that is not a receipt is
-- left out: the receiver counted it, so the verifier reports the gap in its counter.
create or replace function ops.seal_anchor_record()
returns int
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  r record;
  j jsonb;
  n int := 0;
  added int;
begin
  for r in
    select o.id, o.body, x.content
      from ops.outbox o
      join lateral (select a.net_request_id from ops.outbox_attempts a
                     where a.outbox_id = o.id and a.outcome = 'delivered' order by a.id desc limit 1) a on true
      join lateral (select x.content from net._http_response x
                     where x.id = a.net_request_id and x.created >= o.dispatched_at - interval '1 second'
                     order by x.created desc limit 1) x on true
     where o.topic = 'ops.seal_anchor' and o.created_at > pg_catalog.now() - interval '1 day' and o.status = 'delivered'
       and not exists (select from ops.seal_anchors s where s.outbox_id = o.id)
     order by o.id
  loop
    begin
      j := r.content::jsonb;
    exception when others then
      continue;
    end;
    if pg_catalog.jsonb_typeof(j) is distinct from 'object' or pg_catalog.jsonb_typeof(j -> 'seq') is distinct from 'number'
       or (j ->> 'seq') !~ '^[1-9][0-9]{0,17}$' or pg_catalog.jsonb_typeof(j -> 'received_at') is distinct from 'string'
       or pg_catalog.length(j ->> 'received_at') not between 1 and 64 or coalesce(j ->> 'receipt', '') !~ '^[0-9a-f]{64}$' then
      continue;
    end if;
    insert into ops.seal_anchors (chain, kind, seal_id, seal_hash, to_txid, sealed_count, sealed_at, outbox_id, seq, received_at, receipt)
    values (r.body ->> 'chain', r.body ->> 'kind', (r.body ->> 'seal_id')::bigint, pg_catalog.decode(r.body ->> 'hash', 'hex'),
            (r.body ->> 'to_txid')::xid8, (r.body ->> 'count')::bigint, (r.body ->> 'sealed_at')::timestamptz, r.id,
            (j ->> 'seq')::bigint, j ->> 'received_at', j ->> 'receipt')
    on conflict do nothing;
    get diagnostics added = row_count;
    n := n + added;
  end loop;
  return n;
end
$$;
comment on function ops.seal_anchor_record() is 'Records the receipts of the anchor receiver for delivered anchors of the last day into ops.seal_anchors; returns how many were added. A response that is no receipt is skipped (its gap in the receiver''s counter is what the verifier reports).';
revoke execute on function ops.seal_anchor_record() from public;
