-- The access log's own seal chain (control_plane.access_log_seals), made and checked as the event
-- seals are: a seal covers the rows of transactions finished when it ran (txid below the snapshot's
-- xmin), digested as scheme 2 of the event seals (per row, per run of 10,000 ids, then the runs),
-- chained with ops.event_seal_hash. ops.seal_and_anchor runs it on every tick of the seal job.
create or replace function ops.access_log_canonical_text(l control_plane.access_log)
returns text
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.jsonb_build_array(
    l.id, pg_catalog.to_char(l.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), l.bot_id, l.secret_name, l.access_type,
    l.outcome, l.reason, l.db_role, l.jwt_sub, l.jwt_bot_id, l.client_ip, l.user_agent, l.suppressed_before, l.txid::text
  )::text
$$;
comment on function ops.access_log_canonical_text(control_plane.access_log) is 'The text of an access-log row that its seals hash: every column, timestamps in UTC, independent of session settings.';
revoke execute on function ops.access_log_canonical_text(control_plane.access_log) from public;

create or replace function ops.access_log_batch_digest(from_txid xid8, to_txid xid8,
  out row_count bigint, out first_row_id bigint, out last_row_id bigint, out digest bytea)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(sum(c.n), 0)::bigint, min(c.lo), max(c.hi),
         pg_catalog.sha256(coalesce(pg_catalog.string_agg(c.d, ''::bytea order by c.run), ''::bytea))
    from (select l.id / 10000 as run, count(*) as n, min(l.id) as lo, max(l.id) as hi,
                 pg_catalog.sha256(pg_catalog.string_agg(pg_catalog.sha256(pg_catalog.convert_to(ops.access_log_canonical_text(l), 'UTF8')), ''::bytea order by l.id)) as d
            from control_plane.access_log l
           where l.txid >= access_log_batch_digest.from_txid and l.txid < access_log_batch_digest.to_txid
           group by l.id / 10000) c
$$;
comment on function ops.access_log_batch_digest(xid8, xid8) is 'Count, id range and digest (sha256 over per-10,000-id digests of per-row sha256s) of the access-log rows written by transactions from_txid <= txid < to_txid.';
revoke execute on function ops.access_log_batch_digest(xid8, xid8) from public;

create or replace function ops.seal_access_log()
returns table (seal_id bigint, row_count bigint, from_txid xid8, to_txid xid8)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  prev control_plane.access_log_seals;
  v_from xid8;
  v_to xid8;
  b record;
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ops.seal_access_log'));
  select * into prev from control_plane.access_log_seals s order by s.id desc limit 1;
  v_from := coalesce(prev.to_txid, '0'::xid8);
  v_to := pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot());
  if v_to <= v_from then
    return;
  end if;
  select * into b from ops.access_log_batch_digest(v_from, v_to);
  if b.row_count = 0 then
    return;
  end if;
  insert into control_plane.access_log_seals (from_txid, to_txid, row_count, first_row_id, last_row_id, batch_digest, prev_hash, hash)
  values (v_from, v_to, b.row_count, b.first_row_id, b.last_row_id, b.digest, prev.hash,
          ops.event_seal_hash(prev.hash, v_from, v_to, b.row_count, b.digest))
  returning id into seal_id;
  row_count := b.row_count;
  from_txid := v_from;
  to_txid := v_to;
  return next;
end
$$;
comment on function ops.seal_access_log() is 'Seal the access-log rows of transactions finished since the last seal, chained to it; returns the new seal (id, count, txid range), or no row when there was nothing to seal.';
revoke execute on function ops.seal_access_log() from public;

create or replace function ops.verify_access_log_seals(
  out ok boolean, out seals_checked bigint, out first_broken_seal bigint, out problem text)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  s control_plane.access_log_seals;
  prev control_plane.access_log_seals;
  b record;
begin
  ok := true;
  seals_checked := 0;
  for s in select * from control_plane.access_log_seals x order by x.id loop
    seals_checked := seals_checked + 1;
    if s.from_txid is distinct from coalesce(prev.to_txid, '0'::xid8) or s.prev_hash is distinct from prev.hash then
      problem := pg_catalog.format('access-log seal %s does not chain to seal %s (a seal was removed or edited)', s.id, coalesce(prev.id::text, 'none'));
    elsif ops.event_seal_hash(s.prev_hash, s.from_txid, s.to_txid, s.row_count, s.batch_digest) <> s.hash then
      problem := pg_catalog.format('access-log seal %s: its hash does not match its contents (the seal was edited)', s.id);
    else
      select * into b from ops.access_log_batch_digest(s.from_txid, s.to_txid);
      if b.row_count <> s.row_count then
        problem := pg_catalog.format('access-log seal %s covers %s rows but %s are there now (rows were removed or inserted in a sealed range)', s.id, s.row_count, b.row_count);
      elsif b.digest <> s.batch_digest then
        problem := pg_catalog.format('access-log seal %s: rows %s..%s were changed after sealing', s.id, s.first_row_id, s.last_row_id);
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
comment on function ops.verify_access_log_seals() is 'Walk the access-log seal chain: links, seal hashes and the covered rows re-hashed; ok, seals checked, and the first broken seal with what is wrong.';
revoke execute on function ops.verify_access_log_seals() from public;
