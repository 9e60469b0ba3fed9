-- ops.claim, the one claim of the platform's queues (odoo.webhook_events, ops.outbox): its input
-- checks, the abandoned-claim rule (lease over, claim older than the server, holding backend gone),
-- a reclaim on the last attempt going dead, and who may call it.
begin;
select plan(24);

-- input checks
select throws_ok($$ select * from ops.claim('ops.events', 'w', 1, '1 minute') $$, 'SS242', 'ops.events is not a queue', 'only the queues can be claimed');
select throws_ok($$ select * from ops.claim(null, 'w', 1, '1 minute') $$, 'SS242', null, 'a NULL queue is refused');
select throws_ok($$ select * from ops.claim('ops.outbox', 'two words', 1, '1 minute') $$, 'SS243', null, 'a worker name with a space is refused');
select throws_ok($$ select * from ops.claim('ops.outbox', repeat('w', 101), 1, '1 minute') $$, 'SS243', null, 'a worker name over 100 characters is refused');
select throws_ok($$ select * from ops.claim('ops.outbox', 'w', 0, '1 minute') $$, 'SS244', null, 'a batch under 1 is refused');
select throws_ok($$ select * from ops.claim('ops.outbox', 'w', 10001, '1 minute') $$, 'SS244', null, 'a batch over 10000 is refused');
select throws_ok($$ select * from ops.claim('ops.outbox', 'w', 1, '-1 second') $$, 'SS245', null, 'a negative lease is refused');
select throws_ok($$ select * from ops.claim('ops.outbox', 'w', 1, '25 hours') $$, 'SS245', null, 'a lease over a day is refused');
select throws_ok($$ select * from ops.claim('ops.outbox', 'w', 1, null) $$, 'SS245', null, 'a NULL lease is refused');
select throws_ok($$ select odoo.claim_webhook_events('w', 1, '-1 second') $$, 'SS245', null, 'the webhook queue''s claim checks the lease the same way');

-- the abandoned-claim rule
create temp table me as select pid, backend_start from pg_stat_activity where pid = pg_backend_pid();
select is(ops.claim_abandoned((select pid from me), (select backend_start from me), now() + interval '1 minute'), false,
          'a claim held by a live backend within its lease is not abandoned');
select is(ops.claim_abandoned((select pid from me), (select backend_start from me), now() - interval '1 second'), true,
          'a claim whose lease ran out is abandoned, even with its backend alive');
select is(ops.claim_abandoned(null, (select backend_start from me), now() + interval '1 minute'), false,
          'a handed-on claim (no pid) within its lease is not abandoned');
select is(ops.claim_abandoned(null, pg_postmaster_start_time() - interval '1 second', now() + interval '1 minute'), true,
          'a claim made before the server started is abandoned');
select is(ops.claim_abandoned((select pid from me), (select backend_start from me) - interval '1 second', now() + interval '1 minute'), true,
          'a pid now used by another backend (a different start) does not hold the claim');
select is(ops.claim_abandoned((select pid from me), null, now() + interval '1 minute'), false,
          'a live pid whose start is unknown still holds the claim until its lease ends');
select is(ops.claim_abandoned((select max(pid) + 100000 from pg_stat_activity), now(), now() + interval '1 hour'), true,
          'a claim whose backend is gone is abandoned at once');

-- through the webhook queue: reclaimed, and dead when the abandoned attempt was the last
insert into odoo.instances (id, slug, name, webhook_secret_name)
values ('00000000-0000-0000-0000-0000000000c1', 't-claim', 'Claim', 'test.claim');
insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at,
                                 status, attempts, max_attempts, locked_by, locked_pid, locked_backend_start, locked_until)
select '00000000-0000-0000-0000-0000000000c1', 'write', 'res.partner', g::text, '{}', 'claim-' || g, '\x00', now(),
       'processing', g, 3, 'crashed', (select max(pid) + 100000 from pg_stat_activity), now() - interval '1 minute', now() + interval '1 hour'
  from generate_series(2, 3) g;
select is((select array_agg(e.aggregate_id) from odoo.claim_webhook_events('rescuer', 10) c join odoo.webhook_events e on e.id = c),
          array['2'], 'the crashed worker''s claims are taken back; only the one with attempts left is returned');
select results_eq($$ select aggregate_id, status, attempts, locked_by, locked_pid = pg_backend_pid() from odoo.webhook_events
                     where idempotency_key like 'claim-%' order by aggregate_id $$,
  $$ values ('2'::text, 'processing'::text, 3, 'rescuer'::text, true), ('3', 'dead', 3, null, null) $$,
  'reclaimed as attempt 3 by this backend; the one abandoned at its last attempt is dead, its claim released');
select results_eq($$ select e.aggregate_id, l.action, l.worker, l.attempt from odoo.event_log l join odoo.webhook_events e on e.id = l.event_id
                     where e.idempotency_key like 'claim-%' order by e.aggregate_id $$,
  $$ values ('2'::text, 'reclaimed'::text, 'rescuer'::text, 3), ('3', 'dead', 'rescuer', 3) $$, 'both are in the event log');
select alike((select last_error from odoo.webhook_events where idempotency_key = 'claim-3'),
             'abandoned at its last attempt (3 of 3): the lease of crashed ran out%', 'the dead event says why');

-- who may call it
select tests.as_service();
select throws_ok($$ select * from ops.claim('ops.outbox', 'w', 1, '1 minute') $$, '42501', null, 'service_role cannot call ops.claim');
select tests.as_user('8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e');
select throws_ok($$ select ops.claim_abandoned(1, now(), now()) $$, '42501', null, 'authenticated cannot call ops.claim_abandoned');
select tests.as_anon();
select throws_ok($$ select * from ops.claim('odoo.webhook_events', 'w', 1, '1 minute') $$, '42501', null, 'anon cannot call ops.claim');

select * from finish();
rollback;
