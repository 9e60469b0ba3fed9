-- ops.seal_events: seal the events written since the last seal. A seal covers the transactions
-- that had finished when it ran (txid below the snapshot's xmin), so it never waits for, locks or
-- misses an insert still in flight: those land in the next seal. Only sealers serialise (an
-- advisory lock), never writers.
create or replace function ops.seal_events()
returns ops.event_seals
language plpgsql volatile
set search_path = ''
as $$
declare
  prev ops.event_seals;
  v_from xid8;
  v_to xid8;
  b record;
  s ops.event_seals;
begin
  perform pg_advisory_xact_lock(hashtext('ops.seal_events'));
  select * into prev from ops.event_seals order by id desc limit 1;
  v_from := coalesce(prev.to_txid, '0'::xid8);
  v_to := pg_snapshot_xmin(pg_current_snapshot());
  if v_to <= v_from then
    return null;
  end if;
  select * into b from ops.event_batch_digest(v_from, v_to);
  if b.event_count = 0 then
    return null;
  end if;
  insert into ops.event_seals (from_txid, to_txid, event_count, first_event_id, last_event_id, batch_digest, prev_hash, hash)
  values (v_from, v_to, b.event_count, b.first_event_id, b.last_event_id, b.digest, prev.hash,
          ops.event_seal_hash(prev.hash, v_from, v_to, b.event_count, b.digest))
  returning * into s;
  return s;
end
$$;
comment on function ops.seal_events() is 'Seal the events of transactions finished since the last seal, chained to it; returns the new seal, or NULL when there was nothing to seal.';
revoke execute on function ops.seal_events() from public;
