-- Routing processed Odoo events to n8n (odoo.event_routes, odoo.route_webhook_event): a matching
-- active route queues one signed outbox row per event and route; inactive, other-instance and
-- other-model routes queue nothing; without n8n_base_url the event fails and is retried.
begin;
select plan(13);

insert into odoo.instances (id, slug, name, webhook_secret_name) values
  ('00000000-0000-0000-0000-0000000000c1', 't-route-a', 'Route A', 'test.route.a'),
  ('00000000-0000-0000-0000-0000000000c2', 't-route-b', 'Route B', 'test.route.b');
select control_plane.set_secret('n8n_webhook_signing_secret', 'test-signing-key');
select control_plane.set_secret('n8n_base_url', 'https://n8n.example.test/');
insert into odoo.event_routes (instance_slug, model, event_type, n8n_path, active) values
  ('t-route-a', 'project.task', '*', 'odoo-tasks', true),
  (null, '*', 'unlink', 'odoo-deletions', true),
  ('t-route-b', 'project.task', '*', 'odoo-tasks-b', true),
  ('t-route-a', 'res.partner', '*', 'odoo-partners', false);
create function pg_temp.ev(inst uuid, agg text, id text, event text default 'write') returns uuid language sql as $$
  insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at)
  values (inst, event, agg, id, '{"name": "T"}', gen_random_uuid()::text, '\x00', '2026-01-02 03:04:05+00')
  returning id
$$;
create function pg_temp.run(e uuid) returns text language sql as $$
  select odoo.run_webhook_event(e, (select w.locked_by from odoo.webhook_events w where w.id = e))
$$;

create temp table e as select pg_temp.ev('00000000-0000-0000-0000-0000000000c1', 'project.task', '41') as id;
select is((select count(*)::int from odoo.claim_webhook_events('w1', 10)), 1, 'the event is claimed');
select is(pg_temp.run((select id from e)), 'completed', 'a routed event completes');
select results_eq($$ select url, topic, signing_secret from ops.outbox where idempotency_key like (select id from e)::text || '/route/%' $$,
  $$ values ('https://n8n.example.test/webhook/odoo-tasks'::text, 'odoo.t-route-a.project.task'::text, 'n8n_webhook_signing_secret'::text) $$,
  'one outbox row, to n8n_base_url/webhook/<path> of the matching route, signed');
select is((select body - 'event_id' from ops.outbox where idempotency_key like (select id from e)::text || '/route/%'),
  '{"event_type": "odoo.write", "instance": "t-route-a", "model": "project.task", "record_id": "41", "signed_at": "2026-01-02T03:04:05Z", "payload": {"name": "T"}}'::jsonb,
  'the body names the instance, model, record and carries the payload');
select is((select body ->> 'event_id' from ops.outbox where idempotency_key like (select id from e)::text || '/route/%'), (select id::text from e), 'and the event id');

-- a deletion matches the instance's task route and the every-instance unlink route
create temp table d as select pg_temp.ev('00000000-0000-0000-0000-0000000000c1', 'project.task', '42', 'unlink') as id;
select odoo.claim_webhook_events('w1', 10);
select is(pg_temp.run((select id from d)), 'completed', 'a deletion completes');
select results_eq($$ select url from ops.outbox where idempotency_key like (select id from d)::text || '/route/%' order by url $$,
  $$ values ('https://n8n.example.test/webhook/odoo-deletions'::text), ('https://n8n.example.test/webhook/odoo-tasks'::text) $$,
  'every matching route gets its row: the model route and the every-instance, every-model unlink route');

-- inactive route, other model: nothing
create temp table p as select pg_temp.ev('00000000-0000-0000-0000-0000000000c1', 'res.partner', '7') as id;
select odoo.claim_webhook_events('w1', 10);
select is(pg_temp.run((select id from p)), 'completed', 'an event with only an inactive route completes');
select is((select count(*)::int from ops.outbox where idempotency_key like (select id from p)::text || '/route/%'), 0, 'and queues nothing');

-- routing twice (a retry after a crash between enqueue and commit) queues nothing new
select is(odoo.route_webhook_event((select w from odoo.webhook_events w where w.id = (select id from e))), 1, 'routing again matches the same route');
select is((select count(*)::int from ops.outbox where idempotency_key like (select id from e)::text || '/route/%'), 1, 'but the outbox keeps one row (idempotency key per event and route)');

-- no base URL: the event fails (and is retried), its routes are not lost
delete from vault.secrets where name = 'n8n_base_url';
update control_plane.secrets set vault_secret_id = null where name = 'n8n_base_url';
create temp table f as select pg_temp.ev('00000000-0000-0000-0000-0000000000c2', 'project.task', '43') as id;
select odoo.claim_webhook_events('w1', 10);
select is(pg_temp.run((select id from f)), 'failed', 'without n8n_base_url a routed event fails (and is retried), not completed without its route');
select is((select left(last_error, 5) from odoo.webhook_events where id = (select id from f)), 'SS214', 'the error names the missing secret (SS214)');

select * from finish();
rollback;
