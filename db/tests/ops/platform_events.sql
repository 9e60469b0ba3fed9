-- The platform's own actions are events in ops.events: secret values set and rotated, cron jobs
-- declared, changed, enabled, disabled and removed, seed pushes and shadow pulls that end, and
-- processed (or dead) webhook events. On the Supabase profile this runs as postgres, which is not a
-- superuser: the roles that perform these actions can still emit.
begin;
select plan(17);

create function pg_temp.events(src text) returns table (event_type text, aggregate_id text, payload jsonb)
language sql as $$ select e.event_type, e.aggregate_id, e.payload from ops.events e where e.source = src and e.txid = pg_current_xact_id() order by e.id $$;

-- secrets: the name, never the value
select control_plane.set_secret('vercel_api_token', 'vtok-initial-value-0001');
select control_plane.rotate_secret('vercel_api_token', 'vtok-rotated-value-0002');
select control_plane.set_secret('vercel_api_token', 'vtok-set-again-value-0003');
select results_eq($$select event_type, aggregate_id, payload from pg_temp.events('control_plane')$$,
  $$values ('secret.set', 'vercel_api_token', '{"secret": "vercel_api_token"}'::jsonb),
           ('secret.rotated', 'vercel_api_token', '{"secret": "vercel_api_token", "after_exposure": false}'::jsonb),
           ('secret.rotated', 'vercel_api_token', '{"secret": "vercel_api_token", "after_exposure": false}'::jsonb)$$,
  'setting a secret emits secret.set, each later value secret.rotated');
select is_empty($$select 1 from ops.events where txid = pg_current_xact_id() and payload::text ~ 'vtok-'$$, 'no event holds a secret value');
select is((select count(*)::int from control_plane.rotations where secret_name = 'vercel_api_token' and rotated_at = now()), 3,
  'the rotations are recorded as before');

-- cron: a change is an event, re-applying an unchanged declaration is not
set local ssot.definition_file = 'db/cron/t-events-job.sql';
select ops.cron_declare('t-events-job', '0 3 * * *', 'daily 11:00 Asia/Manila', 'select 1', 'a job of this test', 'housekeeping');
select ops.cron_declare('t-events-job', '0 3 * * *', 'daily 11:00 Asia/Manila', 'select 1', 'a job of this test', 'housekeeping');
select ops.cron_declare('t-events-job', '0 4 * * *', 'daily 12:00 Asia/Manila', 'select 1', 'a job of this test', 'housekeeping');
select ops.cron_set_enabled('t-events-job', true);
select ops.cron_set_enabled('t-events-job', false);
select is(ops.cron_prune(array(select c.declared_in from ops.cron_jobs c where c.name <> 't-events-job' and c.declared_in is not null)),
  't-events-job', 'the job whose file is gone is pruned');
select results_eq($$select event_type, aggregate_id, payload ->> 'schedule' from pg_temp.events('ops.cron')$$,
  $$values ('cron.declared', 't-events-job', '0 3 * * *'), ('cron.declared', 't-events-job', '0 4 * * *'),
           ('cron.enabled', 't-events-job', null), ('cron.disabled', 't-events-job', null), ('cron.removed', 't-events-job', null)$$,
  'declared, changed, enabled, disabled, removed: one event each; the unchanged re-declaration emits none');
select is((select payload ->> 'declared_in' from pg_temp.events('ops.cron') limit 1), 'db/cron/t-events-job.sql', 'cron.declared names the declaring file');
select throws_ok($$select ops.cron_set_enabled('t-no-such-job', true)$$, 'SS303', null, 'an unknown job is refused before any event');
select is((select count(*)::int from pg_temp.events('ops.cron')), 5, 'the refusal emitted nothing');

-- seed pushes and shadow pulls: one event when a run ends
insert into odoo_seed.sync_runs (id, kind, odoo_db) values ('00000000-0000-0000-0000-00000000e001', 'seed', 'odoo'), ('00000000-0000-0000-0000-00000000e002', 'shadow', 'odoo');
select is_empty($$select * from pg_temp.events('odoo_seed')$$, 'a running sync emits nothing yet');
update odoo_seed.sync_runs set status = 'partial', finished_at = now(), counts = '{"created": 2, "failed": 1}' where id = '00000000-0000-0000-0000-00000000e001';
update odoo_seed.sync_runs set status = 'failed', finished_at = now(), error = 'login refused' where id = '00000000-0000-0000-0000-00000000e002';
update odoo_seed.sync_runs set counts = '{"created": 3}' where id = '00000000-0000-0000-0000-00000000e001';
select results_eq($$select event_type, aggregate_id, payload ->> 'status', payload -> 'counts' from pg_temp.events('odoo_seed')$$,
  $$values ('odoo_seed.seed_finished', '00000000-0000-0000-0000-00000000e001', 'partial', '{"created": 2, "failed": 1}'::jsonb),
           ('odoo_seed.shadow_finished', '00000000-0000-0000-0000-00000000e002', 'failed', '{}'::jsonb)$$,
  'a seed push and a shadow pull that end emit one event each, with status and counts; later updates emit nothing');
update odoo_seed.sync_runs set status = 'running' where id = '00000000-0000-0000-0000-00000000e001';
update odoo_seed.sync_runs set counts = jsonb_build_object('big', repeat('x', 10000)), status = 'success' where id = '00000000-0000-0000-0000-00000000e001';
select is((select payload -> 'counts' from pg_temp.events('odoo_seed') offset 2), 'null'::jsonb, 'counts over 4 kB are left out of the event');

-- processed webhooks
insert into odoo.instances (id, slug, name, webhook_secret_name) values ('00000000-0000-0000-0000-0000000000e1', 't-events', 'Events', 'test.events');
insert into odoo.webhook_events (id, instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at, max_attempts)
values ('00000000-0000-0000-0000-0000000000f1', '00000000-0000-0000-0000-0000000000e1', 'write', 'res.partner', '5', '{"name": "secret-free"}', 'k1', '\x00', now(), 5),
       ('00000000-0000-0000-0000-0000000000f2', '00000000-0000-0000-0000-0000000000e1', 'write', 'project.task', 'oops', '{}', 'k2', '\x00', now(), 1);
select is(odoo.process_webhook_batch('t-worker', 10), '{"claimed": 2, "completed": 1, "failed": 0, "dead": 1, "lost": 0}'::jsonb,
  'the batch completes one event and kills the other');
select results_eq($$select event_type, aggregate_id, payload ->> 'outcome', payload ->> 'model' from pg_temp.events('odoo.webhooks')$$,
  $$values ('odoo.webhook_processed', '00000000-0000-0000-0000-0000000000f1', 'skipped', 'res.partner'),
           ('odoo.webhook_dead', '00000000-0000-0000-0000-0000000000f2', null, 'project.task')$$,
  'a processed event emits odoo.webhook_processed with its outcome, a dead one odoo.webhook_dead');
select is((select count(*)::int from ops.events where source = 'odoo.webhooks' and txid = pg_current_xact_id()
            and correlation_id::text = aggregate_id and not payload ? 'payload'), 2, 'both carry the event id as correlation id, not the payload');
select is((select payload ->> 'sqlstate' from pg_temp.events('odoo.webhooks') offset 1), 'SS430', 'the dead event names the error''s SQLSTATE');

-- an event that fails inside the handler leaves no processed event behind (it is emitted in the
-- handler's subtransaction)
insert into odoo.webhook_events (id, instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at, max_attempts)
values ('00000000-0000-0000-0000-0000000000f3', '00000000-0000-0000-0000-0000000000e1', 'write', 'project.task', 'nope', '{}', 'k3', '\x00', now(), 5);
select is(odoo.process_webhook_batch('t-worker', 10) ->> 'failed', '1', 'a failing event is failed for a retry');
select is((select count(*)::int from pg_temp.events('odoo.webhooks')), 2, 'and emits nothing');

select * from finish();
rollback;
