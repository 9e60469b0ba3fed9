-- ops.event_batch_digest: count, first/last id and digest of the events written by transactions
-- in [from_txid, to_txid), in id order. Shared by ops.seal_events and ops.verify_event_seals.
-- The canonical text of an event is null-safe and independent of the session's TimeZone/DateStyle.
--   scheme 1: sha256 of all the texts joined by newlines (one string: fails past 1 GB)
--   scheme 2: per run of ids (id / 10000), the sha256 of the events' own sha256s in id order; the
--             digest is the sha256 of the runs' digests in order: memory bounded by one event
drop function if exists ops.event_batch_digest(xid8, xid8);
create or replace function ops.event_batch_digest(from_txid xid8, to_txid xid8, scheme int default 2,
  out event_count bigint, out first_event_id bigint, out last_event_id bigint, out digest bytea)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
begin
  if scheme = 1 then
    select count(*), min(e.id), max(e.id),
           pg_catalog.sha256(pg_catalog.convert_to(coalesce(pg_catalog.string_agg(ops.event_canonical_text(e), E'\n' order by e.id), ''), 'UTF8'))
      into event_count, first_event_id, last_event_id, digest
      from ops.events e
     where e.txid >= event_batch_digest.from_txid and e.txid < event_batch_digest.to_txid;
  elsif scheme = 2 then
    select coalesce(sum(c.n), 0)::bigint, min(c.lo), max(c.hi),
           pg_catalog.sha256(coalesce(pg_catalog.string_agg(c.d, ''::bytea order by c.run), ''::bytea))
      into event_count, first_event_id, last_event_id, digest
      from (select e.id / 10000 as run, count(*) as n, min(e.id) as lo, max(e.id) as hi,
                   pg_catalog.sha256(pg_catalog.string_agg(pg_catalog.sha256(pg_catalog.convert_to(ops.event_canonical_text(e), 'UTF8')), ''::bytea order by e.id)) as d
              from ops.events e
             where e.txid >= event_batch_digest.from_txid and e.txid < event_batch_digest.to_txid
             group by e.id / 10000) c;
  else
    raise exception 'ops.event_batch_digest: unknown digest scheme %', scheme using errcode = 'SS011';
  end if;
end
$$;
comment on function ops.event_batch_digest(xid8, xid8, int) is 'Count, id range and digest (scheme 1: one sha256 over all texts; 2: sha256 over per-10,000-id digests of per-event sha256s) of the events written by transactions from_txid <= txid < to_txid.';
revoke execute on function ops.event_batch_digest(xid8, xid8, int) from public;

create or replace function ops.event_canonical_text(e ops.events)
returns text
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.jsonb_build_array(
    e.id, pg_catalog.to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), e.source, e.event_type,
    e.aggregate_type, e.aggregate_id, e.actor_role, e.actor_sub, e.correlation_id, e.payload, e.txid::text
  )::text
$$;
comment on function ops.event_canonical_text(ops.events) is 'The text of an event that seals hash: every column, timestamps in UTC, independent of session settings.';
revoke execute on function ops.event_canonical_text(ops.events) from public;

create or replace function ops.event_seal_hash(prev_hash bytea, from_txid xid8, to_txid xid8, event_count bigint, batch_digest bytea)
returns bytea
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select sha256(coalesce(prev_hash, '\x'::bytea)
    || convert_to(format('|%s|%s|%s|', from_txid, to_txid, event_count), 'UTF8')
    || batch_digest)
$$;
comment on function ops.event_seal_hash(bytea, xid8, xid8, bigint, bytea) is 'The chained hash of a seal: sha256(previous hash, txid range, count, batch digest).';
revoke execute on function ops.event_seal_hash(bytea, xid8, xid8, bigint, bytea) from public;
