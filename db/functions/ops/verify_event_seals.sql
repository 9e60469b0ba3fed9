-- ops.verify_event_seals: recompute every seal in order and name the first one that no longer
-- matches (an event changed, removed or slipped into a sealed range; a seal edited or removed).
create or replace function ops.verify_event_seals(
  out ok boolean, out seals_checked bigint, out first_broken_seal bigint, out problem text)
language plpgsql stable
set search_path = ''
as $$
declare
  s ops.event_seals;
  prev ops.event_seals;
  b record;
begin
  ok := true;
  seals_checked := 0;
  for s in select * from ops.event_seals order by id loop
    seals_checked := seals_checked + 1;
    if s.from_txid is distinct from coalesce(prev.to_txid, '0'::xid8) or s.prev_hash is distinct from prev.hash then
      problem := format('seal %s does not chain to seal %s (a seal was removed or edited)', s.id, coalesce(prev.id::text, 'none'));
    else
      select * into b from ops.event_batch_digest(s.from_txid, s.to_txid, s.digest_scheme);
      if b.event_count <> s.event_count then
        problem := format('seal %s covers %s events but %s are there now (events were removed or inserted in a sealed range)', s.id, s.event_count, b.event_count);
      elsif b.digest <> s.batch_digest then
        problem := format('seal %s: events %s..%s were changed after sealing', s.id, s.first_event_id, s.last_event_id);
      elsif ops.event_seal_hash(s.prev_hash, s.from_txid, s.to_txid, s.event_count, s.batch_digest) <> s.hash then
        problem := format('seal %s: its hash does not match its contents (the seal was edited)', s.id);
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
comment on function ops.verify_event_seals() is 'Recompute the seal chain; ok, how many seals were checked, and the first broken seal with what is wrong.';
revoke execute on function ops.verify_event_seals() from public;
