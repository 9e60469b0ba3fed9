-- Restoring an archived partition of ops.events (`ssot events restore FILE`, src/events/restore.ts),
-- in one transaction of the caller, after the file verified against its manifest and the seals:
--   ops.event_restore_begin(p, from, to)   a new table for the partition (not yet attached)
--   ops.event_restore_load(p, lines)        the file's canonical event texts, loaded as they were
--   ops.event_restore_finish(p, ...)        checks the rows against the manifest, attaches the
--                                           partition read-only, records the restore

-- Refuses any write to a restored partition (SS025): its events are those of the archive file.
create or replace function ops.tg__restored_read_only() returns trigger
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  raise exception '% on %.% is refused: the partition was restored from an archive and is read-only', tg_op, tg_table_schema, tg_table_name
    using errcode = 'SS025', hint = 'events of that month can no longer be written; archive the partition again to drop it';
end
$$;
comment on function ops.tg__restored_read_only() is 'Trigger function refusing INSERT, UPDATE, DELETE and TRUNCATE on a partition of ops.events restored from an archive (SS025).';
revoke execute on function ops.tg__restored_read_only() from public;

create or replace function ops.event_restore_begin(p text, range_from timestamptz, range_to timestamptz)
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  if p is null or p !~ '^events_[0-9]{4}_[0-9]{2}$' or range_from is null or range_to is null
     or range_from <> (pg_catalog.to_date(pg_catalog.substr(p, 8), 'YYYY_MM')::timestamp at time zone 'utc')
     or range_to <> range_from + interval '1 month' then
    raise exception 'ops.event_restore_begin: % [%, %) is not a monthly partition of ops.events', coalesce(p, 'NULL'), range_from, range_to using errcode = 'SS024';
  end if;
  if pg_catalog.to_regclass(pg_catalog.format('ops.%I', p)) is not null
     or exists (select from ops.event_partitions() e where e.range_from < event_restore_begin.range_to and e.range_to > event_restore_begin.range_from) then
    raise exception 'ops.event_restore_begin: ops.% (or a partition over its range) already exists', p using errcode = 'SS023',
      hint = 'its events are in the database: nothing to restore';
  end if;
  execute pg_catalog.format('create table ops.%I (like ops.events including defaults including constraints)', p);
end
$$;
comment on function ops.event_restore_begin(text, timestamptz, timestamptz) is 'Creates the table ops.<p> for a partition being restored (attached by ops.event_restore_finish); SS024 on a name or range that is not one month, SS023 when the partition or its range exists.';
revoke execute on function ops.event_restore_begin(text, timestamptz, timestamptz) from public;

-- Loads canonical event texts (ops.event_canonical_text) into the table being restored.
create or replace function ops.event_restore_load(p text, lines text[])
returns bigint
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  n bigint;
begin
  execute pg_catalog.format($q$
    insert into ops.%I (id, occurred_at, source, event_type, aggregate_type, aggregate_id, actor_role, actor_sub, correlation_id, payload, txid)
    select (a ->> 0)::bigint, (a ->> 1)::timestamp at time zone 'utc', a ->> 2, a ->> 3, a ->> 4, a ->> 5, a ->> 6, a ->> 7,
           (a ->> 8)::uuid, a -> 9, (a ->> 10)::xid8
      from pg_catalog.unnest($1) l, lateral (select l::jsonb as a) j$q$, p) using lines;
  get diagnostics n = row_count;
  return n;
end
$$;
comment on function ops.event_restore_load(text, text[]) is 'Inserts events given as their canonical texts (one jsonb array each) into ops.<p>, a partition being restored.';
revoke execute on function ops.event_restore_load(text, text[]) from public;

create or replace function ops.event_restore_finish(p text, file_name text, file_sha256 text, manifest jsonb)
returns bigint
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  n bigint;
  lo bigint;
  hi bigint;
  new_id bigint;
begin
  execute pg_catalog.format('select count(*), min(id), max(id) from ops.%I', p) into n, lo, hi;
  if manifest ->> 'partition' is distinct from p or (n, lo, hi) is distinct from
     ((manifest ->> 'row_count')::bigint, (manifest ->> 'first_event_id')::bigint, (manifest ->> 'last_event_id')::bigint) then
    raise exception 'ops.event_restore_finish: ops.% holds % rows (ids %..%), not those of the manifest', p, n, lo, hi using errcode = 'SS022';
  end if;
  execute pg_catalog.format('alter table ops.events attach partition ops.%I for values from (%L) to (%L)', p, manifest ->> 'range_from', manifest ->> 'range_to');
  execute pg_catalog.format('create trigger _100_append_only_statement before update or delete or truncate on ops.%I for each statement execute function ops.tg__append_only()', p);
  -- rows routed through ops.events fire the partition's row triggers only, statements on it its statement triggers
  execute pg_catalog.format('create trigger _090_restored_read_only before insert or update or delete on ops.%I for each row execute function ops.tg__restored_read_only()', p);
  execute pg_catalog.format('create trigger _090_restored_read_only_statement before insert or update or delete or truncate on ops.%I for each statement execute function ops.tg__restored_read_only()', p);
  execute pg_catalog.format('alter table ops.%I enable row level security', p);
  execute pg_catalog.format('create policy events_service_read on ops.%I for select to service_role using (true)', p);
  execute pg_catalog.format('comment on policy events_service_read on ops.%I is %L', p,
    'service_role reads the partition (it bypasses RLS, this states the intent); the partition is read-only.');
  execute pg_catalog.format('revoke insert, update, delete, truncate on ops.%I from public, current_user', p);
  execute pg_catalog.format('comment on table ops.%I is %L', p,
    'Partition of ops.events for ' || pg_catalog.replace(pg_catalog.substr(p, 8), '_', '-') || ' (UTC), restored read-only from ' || file_name || '.');
  insert into ops.event_archives (action, partition_name, range_from, range_to, row_count, first_event_id, last_event_id, file_name, file_sha256, manifest)
  values ('restored', p, (manifest ->> 'range_from')::timestamptz, (manifest ->> 'range_to')::timestamptz, n, lo, hi, file_name, file_sha256, manifest)
  returning id into new_id;
  return new_id;
end
$$;
comment on function ops.event_restore_finish(text, text, text, jsonb) is 'Checks the restored rows of ops.<p> against the manifest (SS022), attaches the partition read-only (SS025 on any write) and records the restore in ops.event_archives.';
revoke execute on function ops.event_restore_finish(text, text, text, jsonb) from public;
