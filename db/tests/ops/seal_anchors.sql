-- Anchored seals (docs/anchors.md): the access log's seal chain, the seal job's tick sending seal
-- heads to the anchor receiver through the outbox (and a heartbeat when nothing new was sealed),
-- the receipts recorded from the net responses, and the guards of the new tables. The receiver is
-- an external service; here its answers are written into net._http_response as pg_net would.
begin;
select plan(30);
select tests.as_root();

-- bad input: refused with our codes before any work
create temp table before_bad as select (select count(*) from ops.outbox) as o, (select count(*) from ops.event_seals) as s;
select throws_ok($$select ops.seal_anchor_send('ops.other', 'seal', 'http://127.0.0.1:9/a', null)$$, 'SS030', null, 'an unknown chain is refused with SS030');
select throws_ok($$select ops.seal_anchor_send(null, 'seal', 'http://127.0.0.1:9/a', null)$$, 'SS030', null, 'a NULL chain is refused with SS030');
select throws_ok($$select ops.seal_anchor_send('ops.events', 'later', 'http://127.0.0.1:9/a', null)$$, 'SS031', null, 'an unknown kind is refused with SS031');
select throws_ok($$select ops.seal_and_anchor('ftp://127.0.0.1/a')$$, 'SS032', null, 'a receiver URL that is not http(s) is refused with SS032');
select throws_ok($$select ops.seal_and_anchor('http://127.0.0.1:9/a', interval '0 seconds')$$, 'SS033', null, 'a heartbeat under a second is refused with SS033');
select throws_ok($$select ops.seal_and_anchor('http://127.0.0.1:9/a', null)$$, 'SS033', null, 'a NULL heartbeat is refused with SS033');
select is((select count(*) from ops.outbox) - (select o from before_bad) + (select count(*) from ops.event_seals) - (select s from before_bad), 0::bigint,
  'the refused calls queued and sealed nothing');

-- both chains start unsealed: where pg_cron runs the seal job (the Supabase profile), it may have
-- sealed what the migrated database logged already
grant delete on ops.event_seals, control_plane.access_log_seals to current_user;
set local session_replication_role = replica;
delete from ops.event_seals;
delete from control_plane.access_log_seals;
set local session_replication_role = origin;
revoke delete on ops.event_seals, control_plane.access_log_seals from current_user;

-- the access log's own chain: rows of finished transactions (an explicit old txid stands for one)
insert into control_plane.access_log (secret_name, access_type, outcome, reason, db_role, txid)
select 'tap_secret', 'read', 'granted', 'tap ' || g, 'service_role', '10'::xid8 from generate_series(1, 3) g;
select is((select row_count::int from ops.seal_access_log()),
  (select count(*)::int from control_plane.access_log where txid <> pg_current_xact_id()),
  'an access-log seal covers the rows of finished transactions, not this transaction''s own');
select is((select count(*)::int from ops.seal_access_log()), 0, 'nothing new: no second seal');
select ok((select ok from ops.verify_access_log_seals()), 'the access-log chain verifies');
-- the owner (on Supabase postgres, not a superuser) grants itself UPDATE and skips the guard: caught
grant update on control_plane.access_log to current_user;
set local session_replication_role = replica;
update control_plane.access_log set reason = 'nothing happened' where reason = 'tap 2';
select is((select first_broken_seal from ops.verify_access_log_seals()), (select max(id) from control_plane.access_log_seals),
  'an access-log row edited after sealing is caught and its seal named');
select matches((select problem from ops.verify_access_log_seals()), 'changed after sealing', 'the problem says what happened');
update control_plane.access_log set reason = 'tap 2' where reason = 'nothing happened';
set local session_replication_role = origin;
revoke update on control_plane.access_log from current_user;
select ok((select ok from ops.verify_access_log_seals()), 'the row put back, the chain verifies again');

-- a tick with a receiver: both chains sealed and their heads queued, dispatched at once
insert into ops.events (source, event_type, txid) select 'anchored', 'e' || g, '10'::xid8 from generate_series(1, 4) g;
create temp table tick1 as select ops.seal_and_anchor('http://127.0.0.1:9/anchor') as r;
select is((select (r ->> 'anchors_sent')::int from tick1), 2, 'a tick that sealed the event log sends both chains'' heads');
select ok((select (r ->> 'event_seal') is not null from tick1), 'the tick sealed the events');
select is((select pg_catalog.array_agg(o.body ->> 'chain' order by o.id) from ops.outbox o where o.topic = 'ops.seal_anchor'),
  array['ops.events', 'control_plane.access_log'], 'one anchor per chain, through the outbox');
select is((select o.body from ops.outbox o where o.topic = 'ops.seal_anchor' and o.body ->> 'chain' = 'ops.events'),
  (select pg_catalog.jsonb_build_object('chain', 'ops.events', 'kind', 'seal', 'seal_id', s.id, 'hash', encode(s.hash, 'hex'), 'to_txid', s.to_txid::text,
          'count', s.event_count, 'sealed_at', to_char(s.sealed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
     from ops.event_seals s order by s.id desc limit 1),
  'the anchor carries the head: chain, seal id, hash, to_txid, count, sealed_at');
select is((select pg_catalog.array_agg(distinct o.status) from ops.outbox o where o.topic = 'ops.seal_anchor'), array['dispatched'],
  'the tick pumped the outbox: the anchors left at once');
select is((select (ops.seal_and_anchor('http://127.0.0.1:9/anchor') ->> 'anchors_sent')::int), 0,
  'nothing new sealed and the last anchor just sent: nothing sent');
-- a minute later, still nothing new: a heartbeat re-anchors the event log's head
update ops.outbox set created_at = created_at - interval '1 minute' where topic = 'ops.seal_anchor';
select is((select (ops.seal_and_anchor('http://127.0.0.1:9/anchor') ->> 'anchors_sent')::int), 1, 'after the heartbeat interval: one anchor');
select is((select o.body ->> 'kind' || ' ' || (o.body ->> 'chain') from ops.outbox o where o.topic = 'ops.seal_anchor' order by o.id desc limit 1),
  'heartbeat ops.events', 'it is a heartbeat of the event log''s head');

-- the receiver's answers, as pg_net records them: two receipts and one answer that is not a receipt
insert into net._http_response (id, status_code, content)
select o.net_request_id, 200, case when o.body ->> 'kind' = 'heartbeat' then 'not a receipt'
  else pg_catalog.jsonb_build_object('seq', pg_catalog.row_number() over (order by o.id), 'received_at', '2026-01-01T00:00:0' || pg_catalog.row_number() over (order by o.id) || '.000Z',
         'receipt', pg_catalog.encode(pg_catalog.sha256(o.id::text::bytea), 'hex'))::text end
  from ops.outbox o where o.topic = 'ops.seal_anchor' and o.status = 'dispatched';
select is(ops.outbox_reconcile(), 3, 'the outbox settles the three answered anchors');
select is(ops.seal_anchor_record(), 2, 'two receipts recorded; the answer that is no receipt is left out (the verifier sees the gap)');
select is(ops.seal_anchor_record(), 0, 'recording again adds nothing');
select is((select pg_catalog.array_agg(a.chain || ' ' || a.seq || ' ' || coalesce((a.seal_hash = s.hash)::text, '-') order by a.seq)
             from ops.seal_anchors a left join ops.event_seals s on a.chain = 'ops.events' and s.id = a.seal_id),
  array['ops.events 1 true', 'control_plane.access_log 2 -'], 'each receipt is stored with the head it acknowledges');
select is((select a.seal_hash from ops.seal_anchors a where a.chain = 'control_plane.access_log'),
  (select s.hash from control_plane.access_log_seals s order by s.id desc limit 1), 'the access log''s head is anchored too');

-- the new tables are append-only for their owner too
grant update, delete, truncate on ops.seal_anchors, control_plane.access_log_seals to current_user;
select throws_ok($$update ops.seal_anchors set seq = seq + 100$$, 'SS010', null, 'receipts are append-only (SS010)');
select throws_ok($$delete from control_plane.access_log_seals$$, 'SS210', null, 'access-log seals are append-only (SS210)');
revoke update, delete, truncate on ops.seal_anchors, control_plane.access_log_seals from current_user;

-- the seal job: every 30 seconds where pg_cron can, else every minute; nothing per written event
select is((select c.schedule from ops.cron_jobs c where c.name = 'housekeeping-event-seals'),
  case when coalesce((select string_to_array(split_part(e.extversion, '-', 1), '.')::int[] >= array[1, 5] from pg_extension e where e.extname = 'pg_cron'), false)
       then '30 seconds' else '* * * * *' end, 'the seal job runs every 30 seconds (pg_cron 1.5+) or every minute');
select is((select pg_catalog.array_agg(t.tgname::text order by t.tgname) from pg_trigger t where t.tgrelid = 'ops.events'::regclass and not t.tgisinternal),
  array['_100_append_only', '_100_append_only_statement'], 'ops.events carries only its guards: anchoring adds nothing to the write path');

select * from finish();
rollback;
