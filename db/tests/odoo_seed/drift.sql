-- odoo_seed drift views: NULL-safe comparisons, projects and tasks, sets compared sorted; and the
-- bridge's tables all have RLS, a policy and a comment, and are not granted to API roles.
begin;
select plan(17);

delete from odoo_seed.tasks;
delete from odoo_seed.projects;
update odoo.instances set active = false;
insert into odoo.instances (id, slug, name, webhook_secret_name) values ('00000000-0000-0000-0000-0000000000d1', 't-drift', 'Drift', 'test.drift');
insert into odoo_seed.projects (external_ref, name, company_name, manager_email) values
  ('P1', 'Project one', 'ACME', null),
  ('P2', 'Project two', 'ACME', 'Boss@Example.com');
insert into odoo_seed.tasks (project_external_ref, external_ref, name, stage_name, assignee_email, depends_on_refs) values
  ('P1', 'T1', 'Task one', 'To Do', null, '{}'),
  ('P1', 'T2', 'Task two', 'To Do', 'a@example.com', '{T1,T3}'),
  ('P1', 'T3', 'Task three', 'To Do', null, '{}');
insert into odoo_seed.shadow_projects (instance_id, odoo_id, external_ref, name, company_name, manager_login)
select '00000000-0000-0000-0000-0000000000d1', * from (values
  (1, 'P1', 'Project one', 'ACME', null),
  (2, 'P2', null, 'ACME', 'boss@example.com')) v;
insert into odoo_seed.shadow_tasks (instance_id, odoo_id, external_ref, project_odoo_id, name, stage_name, assignee_logins, depend_on_ids)
select '00000000-0000-0000-0000-0000000000d1', v.* from (values
  (11, 'T1', 1, 'Task one', null, '{}'::text[], '{}'::int[]),
  (12, 'T2', 1, 'Task two', 'To Do', '{A@example.com}', '{13, 11}'),
  (13, 'T3', 1, 'Task three', 'To Do', '{}', '{}')) v;

select is((select count(*)::int from odoo_seed.v_name_drift where external_ref = 'P1'), 0, 'equal names: no drift');
select results_eq($$ select entity, seed_name, odoo_name from odoo_seed.v_name_drift $$, $$ values ('project', 'Project two', null::text) $$,
                  'a NULL name in Odoo is drift (NULL-safe)');
select is((select count(*)::int from odoo_seed.drift where kind = 'manager'), 0, 'NULL = NULL and case-insensitive e-mails are not manager drift');
select results_eq($$ select external_ref, seed_stage, odoo_stage from odoo_seed.v_stage_drift $$, $$ values ('T1', 'To Do', null::text) $$,
                  'a task with no stage in Odoo is stage drift');
select is((select count(*)::int from odoo_seed.v_assignee_drift), 0, 'assignees compare case-insensitively; NULL vs none is no drift');
select is((select count(*)::int from odoo_seed.v_dependency_drift), 0, 'dependencies compare as sorted sets of refs');
update odoo_seed.shadow_tasks set depend_on_ids = '{11, 99}' where odoo_id = 12;
select results_eq($$ select external_ref, seed_depends_on, odoo_depends_on from odoo_seed.v_dependency_drift $$,
                  $$ values ('T2', 'T1, T3', '#99, T1') $$, 'a dependency on a task without a shadow shows as #id');
update odoo_seed.shadow_tasks set assignee_logins = '{}' where odoo_id = 12;
select results_eq($$ select external_ref, seed_assignee, odoo_assignees from odoo_seed.v_assignee_drift $$,
                  $$ values ('T2', 'a@example.com', '') $$, 'an assignee removed in Odoo is assignee drift');
insert into odoo_seed.shadow_tasks (instance_id, odoo_id, external_ref, name) values ('00000000-0000-0000-0000-0000000000d1', 14, 'T3', 'Task three (copy)');
select results_eq($$ select kind, odoo_id, actual from odoo_seed.drift where kind = 'duplicate_in_odoo' $$,
                  $$ values ('duplicate_in_odoo', 13, '2 records') $$, 'two Odoo records with one x_external_ref are reported');
update odoo_seed.projects set sync_enabled = false where external_ref = 'P2';
delete from odoo_seed.shadow_projects where odoo_id = 2;
select is((select count(*)::int from odoo_seed.v_missing_in_odoo), 0, 'a project with sync disabled is not missing');

-- instances: another instance's shadows are not this one's, and it has drift of its own
insert into odoo.instances (id, slug, name, webhook_secret_name) values ('00000000-0000-0000-0000-0000000000d2', 't-drift-2', 'Drift 2', 'test.drift2');
insert into odoo_seed.shadow_projects (instance_id, odoo_id, external_ref, name, company_name) values ('00000000-0000-0000-0000-0000000000d2', 1, 'P1', 'Renamed in 2', 'ACME');
select results_eq($$ select instance, entity, kind, external_ref from odoo_seed.drift where instance = 't-drift-2' order by 2, 4, 3 $$,
                  $$ values ('t-drift-2', 'project', 'name', 'P1'), ('t-drift-2', 'task', 'missing_in_odoo', 'T1'),
                            ('t-drift-2', 'task', 'missing_in_odoo', 'T2'), ('t-drift-2', 'task', 'missing_in_odoo', 'T3') $$,
                  'each instance is compared with its own shadows (same odoo_id, other instance)');
select is((select count(*)::int from odoo_seed.drift where instance = 't-drift' and kind = 'name'), 0, 'and the other instance''s shadow does not touch this one');
update odoo.instances set active = false where slug = 't-drift-2';
select is((select count(*)::int from odoo_seed.drift where instance = 't-drift-2'), 0, 'an inactive instance has no drift');

-- catalog-driven: every table of the bridge
select is((select count(*)::int from pg_class c where c.relkind = 'r' and c.relnamespace in ('odoo'::regnamespace, 'odoo_seed'::regnamespace)
            and not c.relrowsecurity), 0, 'RLS is enabled on every odoo and odoo_seed table');
select is((select count(*)::int from pg_class c where c.relkind = 'r' and c.relnamespace in ('odoo'::regnamespace, 'odoo_seed'::regnamespace)
            and not exists (select from pg_policy p where p.polrelid = c.oid)), 0, 'every odoo and odoo_seed table has a policy');
select is((select count(*)::int from pg_class c where c.relkind in ('r', 'v', 'S') and c.relnamespace in ('odoo'::regnamespace, 'odoo_seed'::regnamespace)
            and obj_description(c.oid, 'pg_class') is null
            and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i'))), 0, 'every table, view and sequence of the bridge has a comment (identity sequences aside)');
select is((select count(*)::int from pg_class c cross join (values ('anon'), ('authenticated'), ('service_role')) r (role)
            where c.relkind in ('r', 'v') and c.relnamespace in ('odoo'::regnamespace, 'odoo_seed'::regnamespace)
              and has_table_privilege(r.role, c.oid, 'select, insert, update, delete')), 0, 'no API role holds a privilege on a bridge table');

select * from finish();
rollback;
