-- ops.queue_metrics: depth, due, age of the oldest due item, failures in the last hour and deaths
-- in the last 24 hours, per queue, over planted rows (the webhook queue and the outbox emptied
-- first in this transaction; the net queue measured against what it held before); who may read it.
begin;
select plan(7);

select has_view('ops', 'queue_metrics', 'ops.queue_metrics exists');
select ok(obj_description('ops.queue_metrics'::regclass, 'pg_class') is not null
          and obj_description('ops.queue_metrics_rows()'::regprocedure, 'pg_proc') is not null,
          'the view and its rows function have comments');

delete from odoo.webhook_events;
delete from ops.outbox;
create temp table net_before as
  select depth, failures_1h from ops.queue_metrics where queue = 'net.http_request_queue';

-- webhooks: due 10 min and 2 min ago, one failed not yet due, one processing; completed and dead
-- ones are not in the queue. Log: one failure within the hour, one dead within 24 h, the rest older.
insert into odoo.instances (slug, name, webhook_secret_name) values ('qm', 'Queue metrics', 'test.qm.webhook');
insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at,
                                 status, next_attempt_at, locked_by, locked_until)
select i.id, 'write', 'res.partner', v.k, '{}', 'qm-' || v.k, '\x00'::bytea, now(), v.status, now() + v.due_in,
       case when v.status = 'processing' then 'w' end, case when v.status = 'processing' then now() + interval '5 minutes' end
  from odoo.instances i,
       (values ('1', 'pending', interval '-10 minutes'), ('2', 'failed', interval '-2 minutes'), ('3', 'failed', interval '5 minutes'),
               ('4', 'processing', interval '-1 minute'), ('5', 'completed', interval '-1 hour'), ('6', 'dead', interval '-1 hour')) v (k, status, due_in)
 where i.slug = 'qm';
insert into odoo.event_log (event_id, action, worker, attempt, at)
select e.id, v.action, 'w', 1, now() + v.ago
  from (values ('2', 'failed', interval '-30 minutes'), ('3', 'failed', interval '-2 hours'),
               ('6', 'dead', interval '-3 hours'), ('5', 'dead', interval '-25 hours'), ('5', 'completed', interval '-1 minute')) v (k, action, ago)
  join odoo.webhook_events e on e.idempotency_key = 'qm-' || v.k;

-- outbox: one pending due 20 min ago, one pending later, one dispatched; delivered and dead ones are
-- not in the queue. Attempts: retry, lost and dead within the hour; older ones do not count.
insert into ops.outbox (topic, url, body, status, next_attempt_at, idempotency_key, locked_by, locked_until)
select 'qm', 'http://127.0.0.1:9/qm', '{}', v.status, now() + v.due_in, 'qm-' || v.k,
       case when v.status = 'dispatched' then 'qm-dispatcher' end, case when v.status = 'dispatched' then now() + interval '1 minute' end
  from (values ('1', 'pending', interval '-20 minutes'), ('2', 'pending', interval '10 minutes'), ('3', 'dispatched', interval '-1 minute'),
               ('4', 'delivered', interval '-1 hour'), ('5', 'dead', interval '-1 hour')) v (k, status, due_in);
insert into ops.outbox_attempts (outbox_id, attempt, outcome, at)
select o.id, 1, v.outcome, now() + v.ago
  from (values ('1', 'retry', interval '-10 minutes'), ('3', 'lost', interval '-20 minutes'), ('5', 'dead', interval '-5 minutes'),
               ('2', 'retry', interval '-2 hours'), ('4', 'dead', interval '-30 hours'), ('4', 'delivered', interval '-1 minute')) v (k, outcome, ago)
  join ops.outbox o on o.idempotency_key = 'qm-' || v.k;

-- net: two requests queued; a transport error and a timeout within the hour count, a 500 and an
-- older error do not
select net.http_post('http://127.0.0.1:9/qm-a', '{}'), net.http_post('http://127.0.0.1:9/qm-b', '{}');
insert into net._http_response (id, status_code, timed_out, error_msg, created)
values (-101, null, false, 'connection refused', now() - interval '10 minutes'), (-102, null, true, 'Timeout of 5000 ms reached', now() - interval '5 minutes'),
       (-103, 500, false, null, now() - interval '1 minute'), (-104, null, false, 'connection refused', now() - interval '2 hours');

select results_eq(
  $$ select queue, depth, due, oldest_due_age, failures_1h, dead_24h from ops.queue_metrics where queue <> 'net.http_request_queue' order by queue $$,
  $$ values ('odoo.webhook_events', 4::bigint, 2::bigint, interval '10 minutes', 1::bigint, 1::bigint),
            ('ops.outbox', 3::bigint, 1::bigint, interval '20 minutes', 3::bigint, 1::bigint) $$,
  'webhooks and the outbox: depth, due, oldest due age, failures in the last hour, dead in 24 h');
select results_eq(
  $$ select m.depth - b.depth, m.due, m.oldest_due_age, m.failures_1h - b.failures_1h, m.dead_24h
       from ops.queue_metrics m, net_before b where m.queue = 'net.http_request_queue' $$,
  $$ values (2::bigint, null::bigint, null::interval, 2::bigint, null::bigint) $$,
  'net.http_request_queue: two more queued, two more transport failures; no due time, no dead state');

delete from odoo.webhook_events;
delete from ops.outbox;
select results_eq(
  $$ select queue, depth, due, oldest_due_age, failures_1h, dead_24h from ops.queue_metrics where queue <> 'net.http_request_queue' order by queue $$,
  $$ values ('odoo.webhook_events', 0::bigint, 0::bigint, null::interval, 0::bigint, 0::bigint),
            ('ops.outbox', 0::bigint, 0::bigint, null::interval, 0::bigint, 0::bigint) $$,
  'empty queues: zero depth, no oldest due item');

select tests.as_anon();
select throws_ok($$ select * from ops.queue_metrics $$, '42501', null, 'anon cannot read the queue metrics');
select tests.as_user('8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e');
select throws_ok($$ select * from ops.queue_metrics $$, '42501', null, 'authenticated cannot read the queue metrics');

select * from finish();
rollback;
