-- Webhook processing in SQL: claims, backoff, dead after the limit, lease expiry and lost claims,
-- and the handlers (partial write payloads, deletes, models without a handler, account.move).
begin;
select plan(25);

insert into odoo.instances (id, slug, name, webhook_secret_name)
values ('00000000-0000-0000-0000-0000000000a1', 't-proc', 'Proc', 'test.proc');
insert into odoo.entity_mappings (instance_id, model, odoo_id, external_ref)
values ('00000000-0000-0000-0000-0000000000a1', 'res.users', 7, 'rey@example.com');
create function pg_temp.ev(agg text, id text, payload jsonb, event text default 'write', attempts int default 5) returns uuid language sql as $$
  insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at, max_attempts)
  values ('00000000-0000-0000-0000-0000000000a1', event, agg, id, payload, gen_random_uuid()::text, '\x00', now(), attempts)
  returning id
$$;
create function pg_temp.status(e uuid) returns text language sql as $$ select status || '/' || attempts from odoo.webhook_events where id = e $$;

-- backoff and dead
create temp table e as select pg_temp.ev('project.task', 'oops', '{}', attempts => 3) as id;
select is((select count(*)::int from odoo.claim_webhook_events('w1', 10)), 1, 'a due event is claimed');
select is(pg_temp.status((select id from e)), 'processing/1', 'claimed events are processing, attempt 1');
select is(odoo.run_webhook_event((select id from e), 'w1'), 'failed', 'a handler error fails the event');
select is((select next_attempt_at - now() from odoo.webhook_events where id = (select id from e)), interval '10 seconds', 'first retry after the base backoff');
select alike((select last_error from odoo.webhook_events where id = (select id from e)), 'SS430: %', 'the error is recorded with its SQLSTATE');
select is((select count(*)::int from odoo.claim_webhook_events('w1', 10)), 0, 'a failed event is not claimed before its backoff');
update odoo.webhook_events set next_attempt_at = now() where id = (select id from e);
select is((select count(*)::int from odoo.claim_webhook_events('w1', 10)), 1, 'it is claimed again once due');
select is(odoo.run_webhook_event((select id from e), 'w1'), 'failed', 'second failure');
select is((select next_attempt_at - now() from odoo.webhook_events where id = (select id from e)), interval '20 seconds', 'the backoff doubles');
update odoo.webhook_events set next_attempt_at = now() where id = (select id from e);
select is((select count(*)::int from odoo.claim_webhook_events('w1', 10)), 1, 'claimed a third time');
select is(odoo.run_webhook_event((select id from e), 'w1'), 'dead', 'the third failure (max_attempts 3) makes it dead');
select is((select count(*)::int from odoo.claim_webhook_events('w1', 10)), 0, 'dead events are never claimed');

-- lease expiry: another worker reclaims, the first one's run is 'lost'
create temp table e2 as select pg_temp.ev('project.project', '41', '{"name": "P41", "x_external_ref": "P41", "user_id": [7, "Rey"], "company_id": [1, "ACME"]}') as id;
select is((select count(*)::int from odoo.claim_webhook_events('slow', 10, '0 seconds')), 1, 'claimed with a lease of 0 seconds');
update odoo.webhook_events set locked_until = now() - interval '1 second' where id = (select id from e2); -- the lease runs out
select is((select count(*)::int from odoo.claim_webhook_events('fast', 10)), 1, 'another worker reclaims an expired claim');
select is(odoo.run_webhook_event((select id from e2), 'slow'), 'lost', 'the first worker has lost its claim and leaves the event alone');
select is(odoo.run_webhook_event((select id from e2), 'fast'), 'completed', 'the reclaiming worker completes it');
select results_eq($$ select action, worker from odoo.event_log where event_id = (select id from e2) order by id $$,
                  $$ values ('claimed', 'slow'), ('reclaimed', 'fast'), ('completed', 'fast') $$, 'the event log tells the story');
select results_eq($$ select external_ref, name, company_name, manager_login from odoo_seed.shadow_projects where odoo_id = 41 $$,
                  $$ values ('P41', 'P41', 'ACME', 'rey@example.com') $$, 'project.project is projected into the shadow, manager login through entity_mappings');

-- handlers: partial write, delete, no handler, account.move
select odoo.process_webhook_batch('w2', 100) from (select
  pg_temp.ev('project.task', '50', '{"name": "T50", "x_external_ref": "T50", "project_id": [41, "P41"], "stage_id": [3, "To Do"], "user_ids": [7, 8], "depend_on_ids": [52, 51]}'),
  pg_temp.ev('res.partner', '9', '{"name": "Someone"}'),
  pg_temp.ev('account.move', '77', '{"name": "INV/2026/0001", "move_type": "out_invoice", "state": "posted", "partner_id": [9, "Someone"], "amount_total": 1234.5, "invoice_date": "2026-11-01", "currency_id": [2, "PHP"]}')
) s;
select results_eq($$ select name, project_odoo_id, stage_name, assignee_logins, depend_on_ids from odoo_seed.shadow_tasks where odoo_id = 50 $$,
                  $$ values ('T50', 41, 'To Do', array['#8', 'rey@example.com'], array[51, 52]) $$,
                  'project.task is projected: stage name, assignee logins (unknown ids as #id), sorted dependencies');
select results_eq($$ select name, state, partner_name, amount_total, currency from mirror.odoo_account_moves where odoo_id = 77 $$,
                  $$ values ('INV/2026/0001', 'posted', 'Someone', 1234.50::numeric(18, 2), 'PHP') $$, 'account.move is summarised in mirror');
select is((select action from odoo.event_log l join odoo.webhook_events w on w.id = l.event_id
            where w.aggregate_type = 'res.partner' and l.action <> 'claimed'), 'skipped', 'a model without a handler is completed as skipped');
select odoo.process_webhook_batch('w2', 100) from (select pg_temp.ev('project.task', '50', '{"stage_id": [4, "Done"]}')) s;
select results_eq($$ select name, stage_name from odoo_seed.shadow_tasks where odoo_id = 50 $$, $$ values ('T50', 'Done') $$,
                  'a partial write changes only the fields it carries');
select odoo.process_webhook_batch('w2', 100) from (select pg_temp.ev('project.task', '50', '{}', 'unlink')) s;
select is((select count(*)::int from odoo_seed.shadow_tasks where odoo_id = 50), 0, 'an unlink event removes the shadow');
select throws_ok($$ select odoo.claim_webhook_events('', 10) $$, 'SS420', null, 'a worker needs a name');
select throws_ok($$ select odoo.claim_webhook_events('w', 0) $$, 'SS421', null, 'the batch size is bounded');

select * from finish();
rollback;
