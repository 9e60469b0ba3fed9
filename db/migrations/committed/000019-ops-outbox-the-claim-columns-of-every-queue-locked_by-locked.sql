--! Previous: sha1:de73c0350f460b6303e64dbf71983d94dc014038
--! Hash: sha1:ea4c01d7b87121b1091fc1b95f27b2430863f484
--! Message: ops.outbox: the claim columns of every queue (locked_by, locked_pid, locked_backend_start, locked_until) for ops.claim

-- ops.outbox gets the claim columns of every queue (ops.claim): who holds a dispatched row and until when.
alter table ops.outbox
  add column if not exists locked_by text,
  add column if not exists locked_pid integer,
  add column if not exists locked_backend_start timestamptz,
  add column if not exists locked_until timestamptz;
comment on column ops.outbox.locked_by is 'The dispatcher that claimed the row (set while dispatched, NULL otherwise).';
comment on column ops.outbox.locked_pid is 'Always NULL: once net.http_post has the request, no backend holds the claim; its lease does.';
comment on column ops.outbox.locked_backend_start is 'Start of the dispatcher''s backend: a claim older than the last server start is abandoned (pg_net''s tables are unlogged).';
comment on column ops.outbox.locked_until is 'Lease end: the request''s timeout plus 30 s, renewed while it is queued or answered but not settled; past it the next dispatch reclaims the row.';
-- rows dispatched before this migration: held for their timeout plus the margin from their dispatch
update ops.outbox o
   set locked_by = 'ops.outbox_dispatch',
       locked_until = coalesce(o.dispatched_at, now()) + o.timeout_milliseconds * interval '1 millisecond' + interval '30 seconds'
 where o.status = 'dispatched' and o.locked_by is null;
alter table ops.outbox drop constraint if exists outbox_claim_check;
alter table ops.outbox add constraint outbox_claim_check check ((status = 'dispatched') = (locked_by is not null));
create index if not exists outbox_claimed_idx on ops.outbox (locked_until) where status = 'dispatched';
