--! Previous: sha1:b422cbcd9668becec7169876fa0444326d5a77e3
--! Hash: sha1:bb72c5e6cd7b946d445732c6bb188cfddc09d2a2
--! Message: ops.event_archives: the ledger of archived and restored partitions of ops.events

-- ops.event_archives: the ledger of the partition lifecycle of ops.events. Every archive of a
-- monthly partition (written to a file, verified against the seals, then detached and dropped) and
-- every restore of such a file is one row; the latest row of a partition says where its events
-- are. Written only by ops.event_archive_commit and ops.event_restore_finish; append-only.
drop table if exists ops.event_archives;
create table ops.event_archives (
  id bigint generated always as identity primary key,
  action text not null check (action in ('archived', 'restored')),
  partition_name text not null check (partition_name ~ '^events_[0-9]{4}_[0-9]{2}$'),
  range_from timestamptz not null,
  range_to timestamptz not null,
  row_count bigint not null check (row_count >= 0),
  first_event_id bigint,
  last_event_id bigint,
  file_name text not null check (file_name ~ '^[A-Za-z0-9_.-]{1,200}$'),
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  manifest jsonb not null check (jsonb_typeof(manifest) = 'object' and jsonb_typeof(manifest -> 'seals') = 'array'),
  recorded_at timestamptz not null default now(),
  recorded_by text not null default current_user,
  check (range_to > range_from),
  check ((row_count = 0) = (first_event_id is null) and (first_event_id is null) = (last_event_id is null))
);
comment on table ops.event_archives is 'Ledger of archived and restored partitions of ops.events (append-only): the latest row of a partition says whether its events are in an archive file (archived) or back in the database, read-only (restored). Written by ops.event_archive_commit and ops.event_restore_finish.';
comment on column ops.event_archives.action is 'archived: the partition was written to file_name, verified against its seals, then detached and dropped; restored: the file was loaded back and attached read-only.';
comment on column ops.event_archives.partition_name is 'The partition of ops.events (events_YYYY_MM, in schema ops).';
comment on column ops.event_archives.range_from is 'Lower bound (inclusive) of occurred_at in the partition.';
comment on column ops.event_archives.range_to is 'Upper bound (exclusive) of occurred_at in the partition.';
comment on column ops.event_archives.row_count is 'Events in the partition (and lines in the file).';
comment on column ops.event_archives.first_event_id is 'Smallest event id in the partition (NULL when empty).';
comment on column ops.event_archives.last_event_id is 'Largest event id in the partition (NULL when empty).';
comment on column ops.event_archives.file_name is 'The archive file (gzip, one canonical event text per line in id order), without its directory.';
comment on column ops.event_archives.file_sha256 is 'sha256 (hex) of the archive file as written.';
comment on column ops.event_archives.manifest is 'The manifest written next to the file: partition, range, counts, the file''s sha256 and the seals covering its events (with how many of each seal''s events are in the file).';
comment on column ops.event_archives.recorded_at is 'When the archive or restore was recorded.';
comment on column ops.event_archives.recorded_by is 'The role that recorded it.';
create index event_archives_partition_idx on ops.event_archives (partition_name, id desc);
create trigger _100_append_only before update or delete on ops.event_archives
  for each row execute function ops.tg__append_only();
create trigger _100_append_only_statement before update or delete or truncate on ops.event_archives
  for each statement execute function ops.tg__append_only();
alter table ops.event_archives enable row level security;
revoke all on ops.event_archives from public;
revoke update, delete, truncate on ops.event_archives from current_user;
