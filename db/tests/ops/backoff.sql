-- ops.backoff: base * 2^(attempt-1) capped, the numbers of both queues (webhooks: 10 s doubling,
-- capped at 1 h; the outbox: its backoff_base, 30 s by default, capped at 1 h), no overflow, SS241;
-- and that both queues schedule their retries with it.
begin;
select plan(11);

select results_eq(
  $$ select ops.backoff(a, interval '10 seconds', interval '1 hour') from generate_series(0, 11) a order by a $$,
  $$ values (interval '10 seconds'), (interval '10 seconds'), (interval '20 seconds'), (interval '40 seconds'), (interval '80 seconds'),
            (interval '160 seconds'), (interval '320 seconds'), (interval '640 seconds'), (interval '1280 seconds'), (interval '2560 seconds'),
            (interval '1 hour'), (interval '1 hour') $$,
  'webhooks: 10 s doubling from the first attempt (attempt 0 counts as the first), capped at 1 h');
select results_eq(
  $$ select ops.backoff(a, interval '30 seconds', interval '1 hour') from generate_series(1, 9) a order by a $$,
  $$ values (interval '30 seconds'), (interval '60 seconds'), (interval '120 seconds'), (interval '240 seconds'), (interval '480 seconds'),
            (interval '960 seconds'), (interval '1920 seconds'), (interval '1 hour'), (interval '1 hour') $$,
  'the outbox default: 30 s doubling, capped at 1 h');
select is(ops.backoff(100, interval '30 seconds', interval '1 hour'), interval '1 hour', 'attempt 100 (the outbox''s highest max_attempts) gives the cap, not an overflow');
select is(ops.backoff(2147483647, interval '1 day', interval '7 days'), interval '7 days', 'the largest attempt gives the cap');
select is(ops.backoff(3, interval '0', interval '1 hour'), interval '0', 'a zero base retries at once');
select is(ops.backoff(null, interval '10 seconds', interval '1 hour'), null, 'NULL in, NULL out');
select throws_ok($$ select ops.backoff(1, interval '-1 second', interval '1 hour') $$, 'SS241', null, 'a negative base is refused');

-- both queues use it: a failed webhook event and a failed outbox row are due after ops.backoff
insert into odoo.instances (slug, name, webhook_secret_name) values ('bo', 'Backoff', 'test.bo.webhook');
insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at, attempts)
select id, 'write', 'project.task', 'not-an-id', '{}', 'bo-1', '\x00'::bytea, now(), 2 from odoo.instances where slug = 'bo';
select is((select count(*)::int from odoo.claim_webhook_events('bo-worker', 10000) c join odoo.webhook_events e on e.id = c where e.idempotency_key = 'bo-1'),
          1, 'the webhook event is claimed (its third attempt)');
select is((select odoo.run_webhook_event(e.id, 'bo-worker') from odoo.webhook_events e where e.idempotency_key = 'bo-1'), 'failed',
          'its handler fails (not an Odoo record id)');
select is((select next_attempt_at - now() from odoo.webhook_events where idempotency_key = 'bo-1'), ops.backoff(3, interval '10 seconds', interval '1 hour'),
          'a webhook event failing its third attempt is due again after ops.backoff(3, 10 s, 1 h) = 40 s');

insert into ops.outbox (topic, url, body, backoff_base, idempotency_key) values ('bo', 'http://127.0.0.1:9/bo', '{}', interval '7 seconds', 'bo-1');
select ops.outbox_record_failure((select id from ops.outbox where idempotency_key = 'bo-1'), 4, null, 503, false, 'HTTP 503');
select is((select next_attempt_at - now() from ops.outbox where idempotency_key = 'bo-1'), ops.backoff(4, interval '7 seconds', interval '1 hour'),
          'an outbox row failing its fourth attempt is due again after ops.backoff(4, its backoff_base, 1 h) = 56 s');

select * from finish();
rollback;
