-- The outbox: input checks, signed dispatch through net.http_post, reconciliation of responses
-- (delivered, retry with backoff, dead after the limit, not retried, lost), and its lint.
begin;
select plan(35);
set local client_min_messages = warning;

select control_plane.set_secret('n8n_webhook_signing_secret', 'test-signing-key');
select control_plane.set_secret('n8n_health_check_url', 'http://127.0.0.1:9/hook/health');

select throws_ok($$ select ops.outbox_enqueue('t', '{}') $$, 'SS230', null, 'a url or url_secret is required');
select throws_ok($$ select ops.outbox_enqueue('t', '{}', url => 'ftp://x') $$, 'SS231', null, 'only http(s) urls');
select throws_ok($$ select ops.outbox_enqueue('t', null, url => 'http://x') $$, 'SS232', null, 'a body is required');
select throws_ok($$ select ops.outbox_enqueue('t', '{}', url => 'http://x', headers => '[]') $$, 'SS233', null, 'headers must be an object');
select throws_ok($$ select ops.outbox_enqueue('t', '{}', url_secret => 'no_such_secret') $$, 'SS234', null, 'url_secret must be registered');
select is(ops.outbox_enqueue('t', '{"a":1}', url => 'http://x', idempotency_key => 'k1'),
          ops.outbox_enqueue('t', '{"a":2}', url => 'http://x', idempotency_key => 'k1'), 'a repeated idempotency key returns the first id');

-- the n8n job: reads URL and signing secret from the vault, queues through the outbox
select ops.cron_n8n('health-check');
create temp table o as select * from ops.outbox where topic = 'n8n.health-check';
select is((select count(*)::int from o), 1, 'the job queued one outbox row');
select is((select url_secret || ' ' || signing_secret from o), 'n8n_health_check_url n8n_webhook_signing_secret', 'it names the secrets, not their values');
select is((select count(*)::int from ops.outbox where body::text ~ 'test-signing-key' or coalesce(url, '') ~ 'hook/health'), 0, 'no secret value is stored in the outbox');
select throws_ok($$ select ops.cron_n8n('ppm-reminders') $$, 'SS214', null, 'a job whose URL secret has no value fails at run time');

-- dispatch: signed POST handed to net.http_post
update ops.outbox set next_attempt_at = now() + interval '1 hour' where topic = 't';
select is(ops.outbox_dispatch(), 1, 'the dispatcher hands over the due row');
create temp table q as select r.* from net.http_request_queue r join ops.outbox x on x.net_request_id = r.id where x.topic = 'n8n.health-check';
select is((select url from q), 'http://127.0.0.1:9/hook/health', 'the URL comes from the vault');
select is((select headers ->> 'x-ipai-signature' from q),
          encode(extensions.hmac(convert_to((select headers ->> 'x-ipai-timestamp' from q) || '.' || convert_from((select body from q), 'UTF8'), 'UTF8'), 'test-signing-key', 'sha256'), 'hex'),
          'x-ipai-signature is the hex HMAC-SHA256 of timestamp.body under the signing secret');
select ok((select (headers ->> 'x-ipai-timestamp')::bigint between extract(epoch from now())::bigint - 5 and extract(epoch from clock_timestamp())::bigint + 1 from q), 'x-ipai-timestamp is the current epoch second');
select is((select status || '/' || attempts from ops.outbox where topic = 'n8n.health-check'), 'dispatched/1', 'the row is dispatched, attempt 1');

-- a 500 goes back to pending with backoff
insert into net._http_response (id, status_code, content) select id, 500, 'oops' from q;
select is(ops.outbox_reconcile(), 1, 'the reconciler settles the answered request');
select results_eq($$ select status, last_status_code, next_attempt_at > now() from ops.outbox where topic = 'n8n.health-check' $$,
  $$ values ('pending'::text, 500, true) $$, 'a 500 is retried later (backoff)');
-- the second attempt gives up after max_attempts
update ops.outbox set max_attempts = 2, next_attempt_at = now() where topic = 'n8n.health-check';
select is(ops.outbox_dispatch(), 1, 'the retry is dispatched');
insert into net._http_response (id, timed_out, error_msg) select net_request_id, true, 'Timeout of 5000 ms reached' from ops.outbox where topic = 'n8n.health-check';
select ops.outbox_reconcile();
select results_eq($$ select status, attempts, last_error from ops.outbox where topic = 'n8n.health-check' $$,
  $$ values ('dead'::text, 2, 'Timeout of 5000 ms reached'::text) $$, 'a timeout on the last attempt makes the row dead');
select results_eq($$ select attempt, status_code, timed_out, outcome from ops.outbox_attempts a join o on o.id = a.outbox_id order by attempt $$,
  $$ values (1, 500, false, 'retry'::text), (2, null::int, true, 'dead') $$, 'every attempt is recorded');
select is((select level from advisor.lint_outbox_backlog where cache_key = 'outbox_backlog_n8n.health-check'), 'ERROR', 'the backlog lint reports the dead row');

-- 2xx delivered, 404 not retried
select ops.outbox_enqueue('ok', '{}', url => 'http://127.0.0.1:9/ok');
select ops.outbox_enqueue('nf', '{}', url => 'http://127.0.0.1:9/nf');
select ops.outbox_dispatch();
insert into net._http_response (id, status_code) select net_request_id, case topic when 'ok' then 204 else 404 end from ops.outbox where topic in ('ok', 'nf');
select ops.outbox_reconcile();
select results_eq($$ select topic, status, attempts from ops.outbox where topic in ('ok', 'nf') order by topic $$,
  $$ values ('nf'::text, 'dead'::text, 1), ('ok', 'delivered', 1) $$, 'a 204 is delivered; a 404 is dead at once');

-- a request that vanished (unlogged tables emptied by a crash) is reclaimed by the next dispatch (ops.claim)
select ops.outbox_enqueue('lost', '{}', url => 'http://127.0.0.1:9/lost');
select ops.outbox_dispatch();
create temp table lost1 as select id, net_request_id, locked_until from ops.outbox where topic = 'lost';
select ok((select locked_until between now() + interval '35 seconds' - interval '1 second' and now() + interval '36 seconds' from lost1),
          'a dispatched row is leased for its timeout (5 s) plus 30 s');
delete from net.http_request_queue where id = (select net_request_id from lost1);
select ops.outbox_dispatch();
select is((select status || '/' || attempts from ops.outbox where topic = 'lost'), 'dispatched/1', 'within its lease a vanished request is not reclaimed yet');
update ops.outbox set locked_backend_start = pg_postmaster_start_time() - interval '1 minute' where topic = 'lost';
select is(ops.outbox_dispatch(), 1, 'a claim made before the server started is reclaimed and sent again');
select results_eq($$ select o.status, o.attempts, o.net_request_id <> l.net_request_id from ops.outbox o, lost1 l where o.topic = 'lost' $$,
  $$ values ('dispatched'::text, 2, true) $$, 'as attempt 2, with a new request');
select results_eq($$ select a.attempt, a.outcome, a.net_request_id from ops.outbox_attempts a join lost1 l on l.id = a.outbox_id $$,
  $$ select 1, 'lost'::text, net_request_id from lost1 $$, 'attempt 1 is recorded as lost, with its request');
-- a queued request keeps its claim past the lease: the dispatcher renews it first
update ops.outbox set locked_until = now() - interval '1 second' where topic = 'lost';
select is(ops.outbox_dispatch(), 0, 'a request still queued is not reclaimed when its lease ran out');
select ok((select locked_until > now() from ops.outbox where topic = 'lost'), 'its lease was renewed');
-- lost on its last attempt: dead, not sent again
update ops.outbox set max_attempts = 2, locked_until = now() - interval '1 second' where topic = 'lost';
delete from net.http_request_queue where id = (select net_request_id from ops.outbox where topic = 'lost');
select is(ops.outbox_dispatch(), 0, 'a lost last attempt is not sent again');
select results_eq($$ select status, locked_by, net_request_id, last_error ~ '^abandoned at its last attempt \(2 of 2\)' from ops.outbox where topic = 'lost' $$,
  $$ values ('dead'::text, null::text, null::bigint, true) $$, 'the row is dead, its claim released, the reason in last_error');
select is((select string_agg(a.attempt || ':' || a.outcome, ',' order by a.id) from ops.outbox_attempts a join lost1 l on l.id = a.outbox_id),
          '1:lost,2:dead', 'and its attempts read lost, dead');

-- who may touch it
select tests.as_service();
select throws_ok($$ select ops.outbox_enqueue('t', '{}', url => 'http://x') $$, '42501', null, 'service_role cannot call ops functions directly (schema not exposed)');
select tests.as_user('8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e');
select throws_ok($$ select * from ops.outbox $$, '42501', null, 'authenticated cannot read the outbox');
select throws_ok($$ select net.http_post('http://x') $$, '42501', null, 'authenticated cannot call net.http_post');

select * from finish();
rollback;
