--! Previous: sha1:cac931589f5804fcd167b9e512fc2df3620d641d
--! Hash: sha1:b422cbcd9668becec7169876fa0444326d5a77e3
--! Message: Seals an owner cannot rewrite: access_log txid and its seal chain, ops.seal_anchors for the anchor receiver's receipts

-- Seals an owner cannot rewrite. The table owner (on Supabase `postgres`) can turn the guards off,
-- edit a row and recompute every seal after it; what it cannot reach is a receipt held outside the
-- database. So: control_plane.access_log gets the txid its seals cover and a seal chain of its own
-- (control_plane.access_log_seals), and ops.seal_anchors records the receipts an external anchor
-- receiver returns for the seal heads of both chains (sent through the outbox). The receipts are
-- checked with a key the database never holds (src/events/anchors.ts, docs/anchors.md).
drop table if exists ops.seal_anchors;
drop table if exists control_plane.access_log_seals;
drop index if exists ops.outbox_seal_anchor_idx;
alter table control_plane.access_log drop column if exists txid;

alter table control_plane.access_log add column txid xid8 not null default pg_current_xact_id();
comment on column control_plane.access_log.txid is 'Top-level transaction id that wrote the row: its seals (control_plane.access_log_seals) cover finished transactions only, as for ops.events. Rows logged before this column existed carry the txid of the migration that added it.';
create index access_log_txid_idx on control_plane.access_log (txid);

create table control_plane.access_log_seals (
  id bigint generated always as identity primary key,
  sealed_at timestamptz not null default now(),
  from_txid xid8 not null,
  to_txid xid8 not null,
  row_count bigint not null check (row_count >= 0),
  first_row_id bigint,
  last_row_id bigint,
  batch_digest bytea not null,
  prev_hash bytea,
  hash bytea not null unique,
  check (to_txid > from_txid)
);
comment on table control_plane.access_log_seals is 'Tamper-evident seals of control_plane.access_log: each covers the rows written by transactions with from_txid <= txid < to_txid and chains to the previous seal; made by ops.seal_access_log(), verified by ops.verify_access_log_seals(), anchored outside the database like the event seals.';
comment on column control_plane.access_log_seals.from_txid is 'Lower bound (inclusive) of the transaction ids sealed: the previous seal''s to_txid.';
comment on column control_plane.access_log_seals.to_txid is 'Upper bound (exclusive): the oldest transaction still running when sealing.';
comment on column control_plane.access_log_seals.row_count is 'How many access-log rows the seal covers.';
comment on column control_plane.access_log_seals.batch_digest is 'Per run of 10,000 row ids the sha256 of the rows'' own sha256s, then the sha256 of the runs in order (as scheme 2 of the event seals).';
comment on column control_plane.access_log_seals.hash is 'sha256(prev_hash, range, count, batch_digest): the chain (ops.event_seal_hash).';
create unique index access_log_seals_to_txid_idx on control_plane.access_log_seals (to_txid);
create trigger _100_append_only before update or delete on control_plane.access_log_seals
  for each row execute function ops.tg__append_only('SS210', 'the access log is evidence; write new rows instead');
create trigger _100_append_only_statement before update or delete or truncate on control_plane.access_log_seals
  for each statement execute function ops.tg__append_only('SS210', 'the access log is evidence; write new rows instead');
alter table control_plane.access_log_seals enable row level security;

create table ops.seal_anchors (
  id bigint generated always as identity primary key,
  chain text not null check (chain in ('ops.events', 'control_plane.access_log')),
  kind text not null check (kind in ('seal', 'heartbeat')),
  seal_id bigint not null,
  seal_hash bytea not null,
  to_txid xid8 not null,
  sealed_count bigint not null,
  sealed_at timestamptz not null,
  outbox_id bigint not null unique,
  seq bigint not null unique check (seq > 0),
  received_at text not null,
  receipt text not null check (receipt ~ '^[0-9a-f]{64}$'),
  recorded_at timestamptz not null default now()
);
comment on table ops.seal_anchors is 'Receipts of the external anchor receiver, one per seal head sent (after each seal, and as a heartbeat when nothing new was sealed): the receiver''s counter (seq), its clock (received_at) and HMAC-SHA256 under a key the database never holds. Checked by src/events/anchors.ts (ssot events verify).';
comment on column ops.seal_anchors.chain is 'Which seal chain the head belongs to: ops.events (ops.event_seals) or control_plane.access_log (control_plane.access_log_seals).';
comment on column ops.seal_anchors.kind is 'seal: sent after the seal was made; heartbeat: the current head sent again because nothing new was sealed for a while, so that a pause of the sealer shows as a gap in receiver time.';
comment on column ops.seal_anchors.seal_id is 'The id of the anchored seal in its chain''s seals table.';
comment on column ops.seal_anchors.seal_hash is 'The anchored seal''s hash as it was sent (covered by the receipt).';
comment on column ops.seal_anchors.sealed_count is 'The anchored seal''s event_count (row_count for the access log).';
comment on column ops.seal_anchors.outbox_id is 'The ops.outbox row that carried the head (no foreign key: settled outbox rows are purged after 90 days).';
comment on column ops.seal_anchors.seq is 'The receiver''s counter: contiguous, so a deleted receipt leaves a gap.';
comment on column ops.seal_anchors.received_at is 'The receiver''s clock, exactly as it sent it (part of the receipt''s canonical string).';
comment on column ops.seal_anchors.receipt is 'hex HMAC-SHA256(receiver key, seq|received_at|chain|seal_id|hash hex).';
create index seal_anchors_chain_seal_idx on ops.seal_anchors (chain, seal_id);
create trigger _100_append_only before update or delete on ops.seal_anchors
  for each row execute function ops.tg__append_only();
create trigger _100_append_only_statement before update or delete or truncate on ops.seal_anchors
  for each statement execute function ops.tg__append_only();
alter table ops.seal_anchors enable row level security;

-- the anchor traffic of the outbox, found without scanning the rest of it
create index outbox_seal_anchor_idx on ops.outbox (created_at) where topic = 'ops.seal_anchor';
