-- The partition lifecycle of ops.events, database side (the `ssot events archive` flow in
-- src/events/archive.ts writes and verifies the file in between):
--   ops.event_partitions()          the monthly partitions and their ranges
--   ops.event_archive_partition(p)  what to write: counts, ids and the seals covering p; refuses a
--                                   partition not finished or holding unsealed events
--   ops.event_partition_contents(p) the same for the table alone (also once detached)
--   ops.event_archive_commit(...)   in one transaction: recheck, record, detach, drop
create or replace function ops.event_partitions()
returns table (partition_name text, range_from timestamptz, range_to timestamptz)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select c.relname::text, b.m[1]::timestamptz, b.m[2]::timestamptz
    from pg_catalog.pg_inherits i
    join pg_catalog.pg_class c on c.oid = i.inhrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = 'ops'
    cross join lateral (select pg_catalog.regexp_match(pg_catalog.pg_get_expr(c.relpartbound, c.oid),
                                                       '^FOR VALUES FROM \(''([^'']+)''\) TO \(''([^'']+)''\)$') as m) b
   where i.inhparent = 'ops.events'::regclass and b.m is not null
   order by 2
$$;
comment on function ops.event_partitions() is 'The partitions of ops.events with their occurred_at range [range_from, range_to).';
revoke execute on function ops.event_partitions() from public;

-- What the table ops.<p> holds for an archive: its row count, first and last id, and every seal
-- covering one of its events (with how many of them are in p). SS020 while it holds unsealed events.
create or replace function ops.event_partition_contents(p text)
returns jsonb
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  last_to xid8;
  n bigint;
  lo bigint;
  hi bigint;
  unsealed bigint;
  seals jsonb;
begin
  select s.to_txid into last_to from ops.event_seals s order by s.id desc limit 1;
  execute pg_catalog.format('select count(*) filter (where $1::xid8 is null or e.txid >= $1), count(*), min(e.id), max(e.id) from ops.%I e', p)
     into unsealed, n, lo, hi using last_to;
  if unsealed > 0 then
    raise exception 'ops.event_archive_partition: ops.% holds % events not covered by a seal', p, unsealed using errcode = 'SS020',
      hint = 'seal them first (select * from ops.seal_events(), or wait for the sealing job), then archive again';
  end if;
  execute pg_catalog.format($q$
    select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
             'id', s.id, 'from_txid', s.from_txid::text, 'to_txid', s.to_txid::text, 'event_count', s.event_count,
             'events_in_file', k.n, 'first_event_id', s.first_event_id, 'last_event_id', s.last_event_id,
             'digest_scheme', s.digest_scheme, 'batch_digest', pg_catalog.encode(s.batch_digest, 'hex'),
             'prev_hash', pg_catalog.encode(s.prev_hash, 'hex'), 'hash', pg_catalog.encode(s.hash, 'hex')) order by s.id), '[]')
      from (select x.seal_id, sum(x.n)::bigint as n
              from (select e.txid, count(*) as n from ops.%I e group by e.txid) t
              cross join lateral (select s1.id as seal_id, t.n from ops.event_seals s1
                                   where s1.to_txid > t.txid order by s1.to_txid limit 1) x
             group by x.seal_id) k
      join ops.event_seals s on s.id = k.seal_id$q$, p) into seals;
  return pg_catalog.jsonb_build_object('partition', p, 'row_count', n, 'first_event_id', lo, 'last_event_id', hi, 'seals', seals);
end
$$;
comment on function ops.event_partition_contents(text) is 'Row count, first/last id and the seals covering the events of the table ops.<p> (events_in_file each); SS020 while it holds unsealed events.';
revoke execute on function ops.event_partition_contents(text) from public;

-- What an archive of partition p holds: its range and ops.event_partition_contents. SS021: p is
-- not a finished partition of ops.events (unknown, or its month is not over).
create or replace function ops.event_archive_partition(p text)
returns jsonb
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  part record;
begin
  select * into part from ops.event_partitions() e where e.partition_name = p;
  if not found then
    raise exception 'ops.event_archive_partition: % is not a partition of ops.events', coalesce('ops.' || p, 'NULL') using errcode = 'SS021';
  end if;
  if part.range_to > pg_catalog.date_trunc('month', pg_catalog.now() at time zone 'utc') at time zone 'utc' then
    raise exception 'ops.event_archive_partition: ops.% is not finished (its month ends %)', p, part.range_to using errcode = 'SS021';
  end if;
  return ops.event_partition_contents(p) || pg_catalog.jsonb_build_object('range_from', part.range_from, 'range_to', part.range_to);
end
$$;
comment on function ops.event_archive_partition(text) is 'What an archive of the partition ops.<p> holds: range, row count, first/last id and the seals covering its events (events_in_file each); SS021 when p is not a finished partition of ops.events, SS020 while it holds unsealed events.';
revoke execute on function ops.event_archive_partition(text) from public;

-- Records the archive of p and drops it, in the caller's transaction: p is detached first (which
-- locks it and ops.events against writers; LOCK TABLE would need a privilege the owner gave up),
-- its rows, ids and seals must still be those of the manifest (SS022), then the ledger row is
-- written and the table dropped. Run only after the file verified.
create or replace function ops.event_archive_commit(p text, file_name text, file_sha256 text, manifest jsonb)
returns bigint
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  cur jsonb;
  new_id bigint;
begin
  if manifest is null or pg_catalog.jsonb_typeof(manifest -> 'seals') is distinct from 'array' or manifest ->> 'partition' is distinct from p then
    raise exception 'ops.event_archive_commit: the manifest is not that of ops.%', coalesce(p, 'NULL') using errcode = 'SS024';
  end if;
  cur := ops.event_archive_partition(p);
  execute pg_catalog.format('alter table ops.events detach partition ops.%I', p);
  cur := ops.event_partition_contents(p) || pg_catalog.jsonb_build_object('range_from', cur -> 'range_from', 'range_to', cur -> 'range_to');
  if (cur -> 'row_count', cur -> 'first_event_id', cur -> 'last_event_id', cur -> 'seals')
     is distinct from (manifest -> 'row_count', manifest -> 'first_event_id', manifest -> 'last_event_id', manifest -> 'seals') then
    raise exception 'ops.event_archive_commit: ops.% changed since its file was written (% rows now, % in the manifest)', p, cur ->> 'row_count', manifest ->> 'row_count'
      using errcode = 'SS022', hint = 'archive again: the file is written anew';
  end if;
  insert into ops.event_archives (action, partition_name, range_from, range_to, row_count, first_event_id, last_event_id, file_name, file_sha256, manifest)
  values ('archived', p, (cur ->> 'range_from')::timestamptz, (cur ->> 'range_to')::timestamptz, (cur ->> 'row_count')::bigint,
          (cur ->> 'first_event_id')::bigint, (cur ->> 'last_event_id')::bigint, file_name, file_sha256, manifest)
  returning id into new_id;
  execute pg_catalog.format('drop table ops.%I', p);
  return new_id;
end
$$;
comment on function ops.event_archive_commit(text, text, text, jsonb) is 'Detaches the partition ops.<p>, checks it against the manifest (SS022; SS024 on a manifest of another partition), records the archive in ops.event_archives and drops the table, in the caller''s transaction.';
revoke execute on function ops.event_archive_commit(text, text, text, jsonb) from public;

-- Seals whose events are (partly) in archive files: for each, how many of its events the
-- partitions archived and not restored hold. ops.verify_event_seals counts them with the database.
create or replace function ops.event_archived_seal_counts()
returns table (seal_id bigint, archived_events bigint)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select (x ->> 'id')::bigint, sum((x ->> 'events_in_file')::bigint)::bigint
    from (select distinct on (a.partition_name) a.* from ops.event_archives a order by a.partition_name, a.id desc) l
    cross join lateral pg_catalog.jsonb_array_elements(l.manifest -> 'seals') x
   where l.action = 'archived' and pg_catalog.to_regclass(pg_catalog.format('ops.%I', l.partition_name)) is null
   group by 1
$$;
comment on function ops.event_archived_seal_counts() is 'For each seal with events in archived partitions (latest ledger row archived, partition absent): how many of its events the archives hold.';
revoke execute on function ops.event_archived_seal_counts() from public;
