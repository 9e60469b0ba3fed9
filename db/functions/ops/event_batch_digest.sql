-- ops.event_batch_digest: count, first/last id and sha256 of the events written by transactions
-- in [from_txid, to_txid), in id order. Shared by ops.seal_events and ops.verify_event_seals.
create or replace function ops.event_batch_digest(from_txid xid8, to_txid xid8,
  out event_count bigint, out first_event_id bigint, out last_event_id bigint, out digest bytea)
language sql stable
set search_path = ''
as $$
  select count(*), min(e.id), max(e.id),
         -- the canonical text of an event: null-safe, independent of the session's TimeZone/DateStyle
         sha256(convert_to(coalesce(string_agg(jsonb_build_array(
           e.id, to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), e.source, e.event_type,
           e.aggregate_type, e.aggregate_id, e.actor_role, e.actor_sub, e.correlation_id, e.payload, e.txid::text
         )::text, E'\n' order by e.id), ''), 'UTF8'))
  from ops.events e
  where e.txid >= event_batch_digest.from_txid and e.txid < event_batch_digest.to_txid
$$;
comment on function ops.event_batch_digest(xid8, xid8) is 'Count, id range and sha256 of the events written by transactions from_txid <= txid < to_txid.';
revoke execute on function ops.event_batch_digest(xid8, xid8) from public;

create or replace function ops.event_seal_hash(prev_hash bytea, from_txid xid8, to_txid xid8, event_count bigint, batch_digest bytea)
returns bytea
language sql immutable
set search_path = ''
as $$
  select sha256(coalesce(prev_hash, '\x'::bytea)
    || convert_to(format('|%s|%s|%s|', from_txid, to_txid, event_count), 'UTF8')
    || batch_digest)
$$;
comment on function ops.event_seal_hash(bytea, xid8, xid8, bigint, bytea) is 'The chained hash of a seal: sha256(previous hash, txid range, count, batch digest).';
revoke execute on function ops.event_seal_hash(bytea, xid8, xid8, bigint, bytea) from public;
