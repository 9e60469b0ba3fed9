-- Retention (ops.purge_history, run by housekeeping-retention): finished Odoo webhook events and
-- their log, finished sync runs and advisor runs go after their time; an unfinished event, a
-- running sync and the latest advisor run never do. And the table_growth lint.
begin;
select plan(14);

insert into odoo.instances (id, slug, name, webhook_secret_name)
values ('00000000-0000-0000-0000-0000000000b1', 't-ret', 'Retention', 'test.ret');
create function pg_temp.ev(status text, age interval) returns uuid language sql as $$
  insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256,
                                   signed_at, received_at, status, completed_at, locked_by)
  values ('00000000-0000-0000-0000-0000000000b1', 'write', 'project.task', '1', '{}', gen_random_uuid()::text, '\x00',
          now() - age, now() - age, status, case when status = 'completed' then now() - age end,
          case when status = 'processing' then 'w' end)
  returning id
$$;
create temp table evs (name text primary key, id uuid);
insert into evs values
  ('completed_old', pg_temp.ev('completed', '31 days')), ('completed_new', pg_temp.ev('completed', '29 days')),
  ('dead_old', pg_temp.ev('dead', '91 days')), ('dead_mid', pg_temp.ev('dead', '31 days')),
  ('pending_old', pg_temp.ev('pending', '200 days')), ('processing_old', pg_temp.ev('processing', '200 days')),
  ('failed_old', pg_temp.ev('failed', '200 days'));
insert into odoo.event_log (at, event_id, action) select now() - interval '40 days', id, 'claimed' from evs;

insert into odoo_seed.sync_runs (kind, started_at, status) values
  ('seed', now() - interval '91 days', 'success'), ('shadow', now() - interval '91 days', 'running'), ('seed', now() - interval '10 days', 'failed');
delete from advisor.runs;
insert into advisor.runs (started_at) values (now() - interval '60 days'), (now() - interval '40 days');

create temp table purged as select ops.purge_history() as r;
select is((select r ->> 'webhook_events' from purged), '2', 'two finished events past their time are purged');
select results_eq($$ select e.name from evs e join odoo.webhook_events w on w.id = e.id order by 1 $$,
  $$ values ('completed_new'), ('dead_mid'), ('failed_old'), ('pending_old'), ('processing_old') $$,
  'a completed event stays 30 days, a dead one 90; pending, processing and failed events stay whatever their age');
select is((select count(*)::int from odoo.event_log l join evs e on e.id = l.event_id), 3,
  'the old log of the unfinished events is kept; that of finished events goes (with them, or after 30 days)');
select is((select r ->> 'webhook_event_log' from purged), '4', 'the log rows older than 30 days of the four finished events are purged and counted');
select is((select count(*)::int from odoo_seed.sync_runs where started_at < now() - interval '90 days'), 1, 'a sync run older than 90 days goes, unless it is still running');
select is((select count(*)::int from odoo_seed.sync_runs where started_at > now() - interval '90 days'), 1, 'a younger one stays');
select is((select count(*)::int from advisor.runs), 1, 'advisor runs older than 30 days go, but the latest run is always kept');
select is((select r ->> 'advisor_runs' from purged), '1', 'and are counted');
select is((select ops.purge_history() ->> 'webhook_events'), '0', 'a second purge finds nothing more');
select throws_ok($$ select ops.purge_history(webhook_completed => interval '1 hour') $$, 'SS240', null, 'a retention under a day is refused (SS240)');
select throws_ok($$ select ops.purge_history(advisor_runs_kept => null) $$, 'SS240', null, 'NULL is not "keep forever": refused');

-- the doctor sees a table past the size threshold
set local ssot.table_size_warn = '16kB';
select ok(exists (select from advisor.lints() where name = 'table_growth' and metadata ->> 'name' = 'checks' and metadata ->> 'schema' = 'advisor'),
  'table_growth names a table past ssot.table_size_warn');
reset ssot.table_size_warn;
select is_empty($$ select detail from advisor.lints() where name = 'table_growth' $$, 'at the default threshold (1GB) nothing is reported');
set local ssot.table_size_warn = 'a lot';
select throws_ok($$ select * from advisor.lint_table_growth $$, 'SS110', null, 'a threshold that is not a size is refused, naming the setting (SS110)');

select * from finish();
rollback;
