-- ops.seal_events: seal the events written since the last seal. A seal covers the transactions
-- that had finished when it ran (txid below the snapshot's xmin), so it never waits for, locks or
-- misses an insert still in flight: those land in the next seal. Only sealers serialise (an
-- advisory lock), never writers.
drop function if exists ops.seal_events();
create or replace function ops.seal_events()
returns table (seal_id bigint, event_count bigint, from_txid xid8, to_txid xid8)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  prev ops.event_seals;
  v_from xid8;
  v_to xid8;
  b record;
begin
  perform pg_advisory_xact_lock(hashtext('ops.seal_events'));
  select * into prev from ops.event_seals order by id desc limit 1;
  v_from := coalesce(prev.to_txid, '0'::xid8);
  v_to := pg_snapshot_xmin(pg_current_snapshot());
  if v_to <= v_from then
    return;
  end if;
  select * into b from ops.event_batch_digest(v_from, v_to, 2);
  if b.event_count = 0 then
    return;
  end if;
  insert into ops.event_seals (from_txid, to_txid, event_count, first_event_id, last_event_id, batch_digest, digest_scheme, prev_hash, hash)
  values (v_from, v_to, b.event_count, b.first_event_id, b.last_event_id, b.digest, 2, prev.hash,
          ops.event_seal_hash(prev.hash, v_from, v_to, b.event_count, b.digest))
  returning id into seal_id;
  event_count := b.event_count;
  from_txid := v_from;
  to_txid := v_to;
  return next;
end
$$;
comment on function ops.seal_events() is 'Seal the events of transactions finished since the last seal, chained to it; returns the new seal (id, count, txid range), or no row when there was nothing to seal.';
revoke execute on function ops.seal_events() from public;
