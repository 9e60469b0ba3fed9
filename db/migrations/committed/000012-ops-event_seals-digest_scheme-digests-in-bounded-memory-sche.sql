--! Previous: sha1:5fa5569c7f6bdeae04270b0b0a03d54913f5bc73
--! Hash: sha1:d966c8b1d4ee92037c238ab11d0cd0245be776bf
--! Message: ops.event_seals.digest_scheme: digests in bounded memory (scheme 2)

-- A seal's digest in bounded memory. Scheme 1 hashed all covered events as one text, which fails
-- past 1 GB (about 5 million events in one seal: a first seal over an existing log, or a backlog
-- after sealing was stopped) and then fails forever, since the next try covers even more. Scheme 2
-- hashes each event on its own, then each run of event ids (id / 10000), then the runs in order.
-- Seals made before keep scheme 1 and verify as they were made.
alter table ops.event_seals drop column if exists digest_scheme;
alter table ops.event_seals add column digest_scheme smallint not null default 1 check (digest_scheme in (1, 2));
alter table ops.event_seals alter column digest_scheme set default 2;
comment on column ops.event_seals.digest_scheme is '1: sha256 over all covered events as one text (seals made before migration 000012); 2: per run of 10,000 event ids the sha256 of the events'' own sha256s, then the sha256 of the runs in order (bounded memory for a seal of any size).';
comment on column ops.event_seals.batch_digest is 'The digest of the covered events in id order, by digest_scheme.';
