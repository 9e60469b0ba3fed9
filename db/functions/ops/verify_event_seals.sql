-- ops.verify_event_seals: walk the seal chain in order and name the first seal that no longer
-- matches (an event changed, removed or slipped into a sealed range; a seal edited or removed).
-- Every seal's link to the previous one and its own hash are always checked (cheap: the seals
-- alone). The covered events are re-hashed for the seals made at or after `recompute_since`;
-- NULL (the default) re-hashes every seal, which reads the whole log. ops.check_event_seals runs
-- the full check on a schedule and records it; the doctor re-hashes recent seals and reads that.
-- Events of archived partitions (ops.event_archives, verified from the file when archived; `ssot
-- events verify --archive DIR` re-reads the files) are counted, not re-hashed: such a seal is broken
-- only when the database and the archives together no longer hold its events. A partition dropped
-- without an archive still breaks its seals.
drop function if exists ops.verify_event_seals();
drop function if exists ops.verify_event_seals(timestamptz);
create or replace function ops.verify_event_seals(recompute_since timestamptz default null,
  out ok boolean, out seals_checked bigint, out seals_recomputed bigint, out first_broken_seal bigint, out problem text,
  out seals_archived bigint)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  s ops.event_seals;
  prev ops.event_seals;
  b record;
  archived jsonb;
  n_archived bigint;
begin
  ok := true;
  seals_checked := 0;
  seals_recomputed := 0;
  seals_archived := 0;
  select coalesce(pg_catalog.jsonb_object_agg(a.seal_id::text, a.archived_events), '{}') into archived from ops.event_archived_seal_counts() a;
  for s in select * from ops.event_seals order by id loop
    seals_checked := seals_checked + 1;
    if s.from_txid is distinct from coalesce(prev.to_txid, '0'::xid8) or s.prev_hash is distinct from prev.hash then
      problem := format('seal %s does not chain to seal %s (a seal was removed or edited)', s.id, coalesce(prev.id::text, 'none'));
    elsif ops.event_seal_hash(s.prev_hash, s.from_txid, s.to_txid, s.event_count, s.batch_digest) <> s.hash then
      problem := format('seal %s: its hash does not match its contents (the seal was edited)', s.id);
    elsif archived ? s.id::text then
      seals_archived := seals_archived + 1;
      n_archived := (archived ->> s.id::text)::bigint;
      if recompute_since is null or s.sealed_at >= recompute_since then
        select * into b from ops.event_batch_digest(s.from_txid, s.to_txid, s.digest_scheme);
        if b.event_count + n_archived <> s.event_count then
          problem := format('seal %s covers %s events but %s are in the database and %s in archives (events were removed or inserted in a sealed range)',
                            s.id, s.event_count, b.event_count, n_archived);
        end if;
      end if;
    elsif recompute_since is null or s.sealed_at >= recompute_since then
      seals_recomputed := seals_recomputed + 1;
      select * into b from ops.event_batch_digest(s.from_txid, s.to_txid, s.digest_scheme);
      if b.event_count <> s.event_count then
        problem := format('seal %s covers %s events but %s are there now (events were removed or inserted in a sealed range)', s.id, s.event_count, b.event_count);
      elsif b.digest <> s.batch_digest then
        problem := format('seal %s: events %s..%s were changed after sealing', s.id, s.first_event_id, s.last_event_id);
      end if;
    end if;
    if problem is not null then
      ok := false;
      first_broken_seal := s.id;
      return;
    end if;
    prev := s;
  end loop;
end
$$;
comment on function ops.verify_event_seals(timestamptz) is 'Walk the seal chain: links and seal hashes always, the covered events re-hashed for seals made since recompute_since (NULL: all), events in archived partitions counted (ssot events verify --archive re-reads them); ok, seals checked, seals re-hashed, the first broken seal with what is wrong, and the seals with archived events.';
revoke execute on function ops.verify_event_seals(timestamptz) from public;

-- ops.check_event_seals: the full verification, recorded in ops.health_checks (target
-- 'ops.event_seals': ok or down, how long it took, and what was found). The weekly cron job
-- housekeeping-event-seal-check runs it; the doctor reads its last result.
create or replace function ops.check_event_seals()
returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  t0 timestamptz := pg_catalog.clock_timestamp();
  v record;
  new_id bigint;
begin
  select * into v from ops.verify_event_seals(null);
  insert into ops.health_checks (target, status, latency_ms, detail)
  values ('ops.event_seals', case when v.ok then 'ok' else 'down' end,
          (extract(epoch from pg_catalog.clock_timestamp() - t0) * 1000)::int,
          pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('seals_checked', v.seals_checked,
            'first_broken_seal', v.first_broken_seal, 'problem', v.problem)))
  returning id into new_id;
  return new_id;
end
$$;
comment on function ops.check_event_seals() is 'Verifies every seal in full and records the result in ops.health_checks (target ops.event_seals); returns the row id.';
revoke execute on function ops.check_event_seals() from public;
