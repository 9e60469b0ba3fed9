-- Events apply per record in Odoo's order (the payload's write_date, else the signed timestamp),
-- not in processing order: an older event processed after a newer one is skipped, and the skip is
-- recorded. The pull goes through the same ordering (odoo.project_record).
begin;
select plan(12);

insert into odoo.instances (id, slug, name, webhook_secret_name)
values ('00000000-0000-0000-0000-0000000000c1', 't-order', 'Order', 'test.order');
create function pg_temp.ev(id text, payload jsonb, signed timestamptz default now(), event text default 'write') returns uuid language sql as $$
  insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at)
  values ('00000000-0000-0000-0000-0000000000c1', event, 'project.task', id, payload, gen_random_uuid()::text, '\x00', signed)
  returning id
$$;
create function pg_temp.stage(id integer) returns text language sql as $$ select stage_name from odoo_seed.shadow_tasks where odoo_id = id $$;

-- captured 'Approved' (10:00) processed after 'Cancelled' (10:05)
create temp table cancelled as select pg_temp.ev('70', '{"name": "T70", "stage_id": [9, "Cancelled"], "write_date": "2026-03-01 10:05:00"}') as id;
select odoo.process_webhook_batch('w', 10);
create temp table approved as select pg_temp.ev('70', '{"stage_id": [8, "Approved"], "write_date": "2026-03-01 10:00:00"}') as id;
select odoo.process_webhook_batch('w', 10);
select is(pg_temp.stage(70), 'Cancelled', 'an older event processed after a newer one leaves the newer state');
select is((select status from odoo.webhook_events where id = (select id from approved)), 'completed', 'the older event is completed, not retried');
select results_eq($$ select action, detail ->> 'reason', (detail ->> 'event_version')::timestamptz, (detail ->> 'held_version')::timestamptz
                      from odoo.event_log where event_id = (select id from approved) and action <> 'claimed' $$,
                  $$ values ('skipped'::text, 'older than the state held'::text, '2026-03-01 10:00:00+00'::timestamptz, '2026-03-01 10:05:00+00'::timestamptz) $$,
                  'the skip is recorded with both versions');
select is((select version from odoo.record_versions where model = 'project.task' and odoo_id = 70), '2026-03-01 10:05:00+00'::timestamptz,
          'the version held is the newer one');

-- a newer event applies; an equal one applies too (Odoo's write_date has second precision)
select odoo.process_webhook_batch('w', 10) from (select pg_temp.ev('70', '{"stage_id": [10, "Done"], "write_date": "2026-03-01 10:06:00"}')) s;
select is(pg_temp.stage(70), 'Done', 'a newer event applies');
select odoo.process_webhook_batch('w', 10) from (select pg_temp.ev('70', '{"stage_id": [11, "Reopened"], "write_date": "2026-03-01 10:06:00"}')) s;
select is(pg_temp.stage(70), 'Reopened', 'an event of the same second applies, in processing order');

-- without write_date, the signed timestamp orders
select odoo.process_webhook_batch('w', 10) from (select pg_temp.ev('71', '{"name": "T71", "stage_id": [9, "Cancelled"]}', '2026-03-01 11:00:00+00')) s;
select odoo.process_webhook_batch('w', 10) from (select pg_temp.ev('71', '{"stage_id": [8, "Approved"]}', '2026-03-01 10:59:00+00')) s;
select is(pg_temp.stage(71), 'Cancelled', 'without write_date, the signed timestamp orders events');

-- a delete is a tombstone: a late write does not bring the record back
select odoo.process_webhook_batch('w', 10) from (select pg_temp.ev('70', '{}', '2026-03-01 12:00:00+00', 'unlink')) s;
select odoo.process_webhook_batch('w', 10) from (select pg_temp.ev('70', '{"name": "T70", "stage_id": [10, "Done"], "write_date": "2026-03-01 10:30:00"}')) s;
select is((select count(*)::int from odoo_seed.shadow_tasks where odoo_id = 70), 0, 'a write older than the unlink does not resurrect the shadow');
select is((select deleted from odoo.record_versions where model = 'project.task' and odoo_id = 70), true, 'the unlink is held as a tombstone');

-- the pull: a record read before a newer webhook was projected is stale
select is(odoo.project_record('00000000-0000-0000-0000-0000000000c1', 'project.task', 71,
            '{"id": 71, "name": "T71", "stage_id": [8, "Approved"], "write_date": "2026-03-01 10:58:00"}', complete => true,
            version => odoo.record_version('{"write_date": "2026-03-01 10:58:00"}', now())), 'stale',
          'a pulled record older than the state held is stale');
select is(pg_temp.stage(71), 'Cancelled', 'and changes nothing');
select is(odoo.record_version('{"write_date": false}', '2026-03-01 09:00:00+00'), '2026-03-01 09:00:00+00'::timestamptz,
          'Odoo''s empty write_date falls back to the signed timestamp');

select * from finish();
rollback;
