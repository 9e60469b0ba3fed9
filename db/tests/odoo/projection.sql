-- odoo.project_record: the one projection of an Odoo record into the shadows, called by the webhook
-- handler (partial records) and by the pull (complete records). Pull behaviour is tested here.
begin;
select plan(10);

insert into odoo.instances (id, slug, name, webhook_secret_name)
values ('00000000-0000-0000-0000-0000000000b1', 't-proj', 'Projection', 'test.proj');
insert into odoo.entity_mappings (instance_id, model, odoo_id, external_ref) values
  ('00000000-0000-0000-0000-0000000000b1', 'res.users', 7, 'rey@example.com'),
  ('00000000-0000-0000-0000-0000000000b1', 'project.tags', 3, 'setup');
create function pg_temp.ev(agg text, id text, payload jsonb, event text default 'write') returns uuid language sql as $$
  insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at)
  values ('00000000-0000-0000-0000-0000000000b1', event, agg, id, payload, gen_random_uuid()::text, '\x00', now())
  returning id
$$;
create temp table full_task as select '{"id": 60, "name": "T60", "x_external_ref": "T60", "project_id": [41, "P41"], "stage_id": [3, "To Do"],
  "user_ids": [8, 7], "depend_on_ids": [62, 61], "tag_ids": [4, 3], "active": true, "write_date": "2026-03-01 10:00:00"}'::jsonb as p;

-- a pull projects a complete record
select is(odoo.project_record('00000000-0000-0000-0000-0000000000b1', 'project.task', 60, (select p from full_task), complete => true), 'applied',
          'a pulled task is applied');
create temp table pulled as select external_ref, project_odoo_id, name, stage_name, assignee_logins, depend_on_ids, tag_names, active, raw
  from odoo_seed.shadow_tasks where odoo_id = 60;
select results_eq($$ select name, stage_name, assignee_logins, depend_on_ids, tag_names from pulled $$,
                  $$ values ('T60', 'To Do', array['#8', 'rey@example.com'], array[61, 62], array['#4', 'setup']) $$,
                  'logins and tag names resolve through the instance''s mappings, unknown ids as #id');

-- the same record by webhook gives the same shadow
delete from odoo_seed.shadow_tasks where odoo_id = 60;
select odoo.process_webhook_batch('w', 10) from (select pg_temp.ev('project.task', '60', (select p from full_task))) s;
select results_eq($$ select external_ref, project_odoo_id, name, stage_name, assignee_logins, depend_on_ids, tag_names, active, raw
                      from odoo_seed.shadow_tasks where odoo_id = 60 $$,
                  $$ select * from pulled $$, 'a webhook carrying the same record leaves exactly the shadow a pull leaves');

-- partial (webhook) merges; complete (pull) replaces
select odoo.process_webhook_batch('w', 10) from (select pg_temp.ev('project.task', '60', '{"stage_id": [4, "Done"], "x_note": "kept"}')) s;
select results_eq($$ select name, stage_name, tag_names, raw ->> 'x_note', raw ->> 'name' from odoo_seed.shadow_tasks where odoo_id = 60 $$,
                  $$ values ('T60', 'Done', array['#4', 'setup'], 'kept', 'T60') $$, 'a partial record changes only its fields; raw is merged');
select odoo.project_record('00000000-0000-0000-0000-0000000000b1', 'project.task', 60,
                           '{"id": 60, "name": "T60 renamed", "x_external_ref": "T60", "project_id": [41, "P41"], "stage_id": false}', complete => true);
select results_eq($$ select name, stage_name, assignee_logins, depend_on_ids, tag_names, raw ? 'x_note' from odoo_seed.shadow_tasks where odoo_id = 60 $$,
                  $$ values ('T60 renamed', null::text, '{}'::text[], '{}'::int[], '{}'::text[], false) $$,
                  'a complete record replaces the shadow: fields it lacks are empty, raw is replaced');

-- projects: manager login, delete removes shadow and mapping
select odoo.project_record('00000000-0000-0000-0000-0000000000b1', 'project.project', 41,
                           '{"id": 41, "name": "P41", "x_external_ref": "P41", "company_id": [1, "ACME"], "user_id": [7, "Rey"], "active": false}', complete => true);
select results_eq($$ select external_ref, company_name, manager_login, active from odoo_seed.shadow_projects where odoo_id = 41 $$,
                  $$ values ('P41', 'ACME', 'rey@example.com', false) $$, 'a pulled project: company name, manager login, archived');
select is((select external_ref from odoo.entity_mappings where model = 'project.project' and odoo_id = 41), 'P41', 'and its mapping is recorded');
select odoo.project_record('00000000-0000-0000-0000-0000000000b1', 'project.project', 41, '{}', deleted => true);
select is((select count(*)::int from odoo_seed.shadow_projects where odoo_id = 41) + (select count(*)::int from odoo.entity_mappings where model = 'project.project' and odoo_id = 41),
          0, 'a deleted record loses its shadow and its mapping');

select throws_ok($$ select odoo.project_record('00000000-0000-0000-0000-0000000000b1', 'project.task', 61, '{"tag_ids": 3}') $$,
                 'SS431', null, 'an x2many that is not a list is refused');
select throws_ok($$ select odoo.project_record(null, 'project.task', 61, '{}') $$, 'SS432', null, 'a projection needs an instance');

select * from finish();
rollback;
