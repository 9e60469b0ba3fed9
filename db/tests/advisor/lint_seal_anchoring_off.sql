-- advisor.lint_seal_anchoring_off: a seal older than an hour with no receipt of the anchor receiver
-- for it or a later seal is reported per chain, saying whether a receiver is configured; a receipt
-- for that seal (or a later one) quiets it. Planted as the owner, rolled back.
begin;
select plan(5);

select is_empty($$select * from advisor.lint_seal_anchoring_off$$, 'no old unanchored seal on the migrated database');

insert into ops.event_seals (sealed_at, from_txid, to_txid, event_count, batch_digest, prev_hash, hash)
values (now() - interval '2 hours', '900000000'::xid8, '900000001'::xid8, 0, '\x00', null, sha256('\x01'));
insert into ops.event_seals (sealed_at, from_txid, to_txid, event_count, batch_digest, prev_hash, hash)
values (now() - interval '10 minutes', '900000001'::xid8, '900000002'::xid8, 0, '\x00', sha256('\x01'), sha256('\x02'));
select results_eq(
  $$select level, metadata - 'oldest_seal_id', cache_key from advisor.lints() where name = 'seal_anchoring_off'$$,
  $$values ('WARN'::text, '{"chain": "ops.events", "unanchored_seals": 1, "receiver_configured": false}'::jsonb, 'seal_anchoring_off_ops.events'::text)$$,
  'a seal older than an hour without a receipt is reported; the one of 10 minutes ago is not (yet)');
select matches((select detail from advisor.lint_seal_anchoring_off), 'no receiver is configured', 'the detail says no receiver is configured');

select set_config('ssot.seal_anchor_url', 'https://anchors.example.com/hook', true);
select matches((select detail from advisor.lint_seal_anchoring_off), 'a receiver is configured: look at the outbox',
  'with a receiver configured, the detail points at the deliveries');

-- a receipt for the later seal covers the older one too (the chain links them)
insert into ops.seal_anchors (chain, kind, seal_id, seal_hash, to_txid, sealed_count, sealed_at, outbox_id, seq, received_at, receipt)
select 'ops.events', 'seal', s.id, s.hash, s.to_txid, 0, s.sealed_at, -1, 900000000, '2026-12-01T00:00:00.000Z', repeat('a', 64)
  from ops.event_seals s where s.to_txid = '900000002'::xid8;
select is_empty($$select * from advisor.lint_seal_anchoring_off$$, 'a receipt for that seal or a later one quiets it');

select * from finish();
rollback;
