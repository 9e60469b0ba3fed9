-- Doctrine lints of the Odoo bridge: webhook backlog and seed drift.
begin;
select plan(11);

-- webhook backlog
select is((select count(*)::int from advisor.lint_webhook_backlog), 0, 'no backlog on a fresh database');
insert into odoo.instances (slug, name, webhook_secret_name) values ('lint-test', 'Lint test', 'odoo_webhook_lint_test');
insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at, next_attempt_at)
select i.id, 'write', 'project.task', '1', '{}', 'k1', '\x00', now(), now() - interval '10 minutes'
  from odoo.instances i where i.slug = 'lint-test';
select results_eq($$ select level, (metadata ->> 'overdue')::int from advisor.lint_webhook_backlog where metadata ->> 'instance' = 'lint-test' $$,
  $$ values ('WARN'::text, 1) $$, 'a pending event 10 minutes overdue is a WARN');
insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at, status, attempts)
select i.id, 'write', 'project.task', '2', '{}', 'k2', '\x00', now(), 'dead', 5
  from odoo.instances i where i.slug = 'lint-test';
select results_eq($$ select level, (metadata ->> 'dead')::int from advisor.lint_webhook_backlog where metadata ->> 'instance' = 'lint-test' $$,
  $$ values ('ERROR'::text, 1) $$, 'a dead event makes it an ERROR');
select ok((select count(*) from advisor.lints() where name = 'webhook_backlog') = 1, 'advisor.lints() includes it');

-- seed drift
delete from odoo_seed.tasks;
delete from odoo_seed.projects;
update odoo.instances set active = false where slug <> 'lint-test';
insert into odoo_seed.projects (external_ref, name, company_name) values ('LP1', 'Lint project', 'ACME'), ('LP2', 'Other', 'ACME');
select is((select count(*)::int from advisor.lint_seed_drift), 0, 'no drift reported before Odoo''s state was ever pulled');
insert into odoo_seed.sync_runs (kind, status, finished_at) values ('shadow', 'success', now());
select is((select count(*)::int from advisor.lint_seed_drift), 0, 'a shadow run of no instance judges none');
insert into odoo_seed.sync_runs (kind, status, finished_at, instance_id) select 'shadow', 'success', now(), i.id from odoo.instances i where i.slug = 'lint-test';
select results_eq($$ select metadata ->> 'kind', (metadata ->> 'count')::int from advisor.lint_seed_drift order by 1 $$,
  $$ values ('missing_in_odoo'::text, 2) $$, 'after a shadow run of the instance, seeds without a shadow are drift');
select is((select metadata ->> 'instance' from advisor.lint_seed_drift limit 1), 'lint-test', 'the lint names the instance');
insert into odoo_seed.shadow_projects (instance_id, odoo_id, external_ref, name, company_name)
select i.id, v.* from odoo.instances i, (values (1, 'LP1', 'Renamed in Odoo', 'ACME'), (2, 'LP2', 'Other', 'ACME')) v where i.slug = 'lint-test';
select results_eq($$ select metadata ->> 'kind', (metadata ->> 'count')::int, metadata -> 'sample' ->> 0 from advisor.lint_seed_drift order by 1 $$,
  $$ values ('name'::text, 1, 'LP1'::text) $$, 'a renamed project is name drift');
update odoo_seed.shadow_projects set name = 'Lint project' where odoo_id = 1;
select is((select count(*)::int from advisor.lint_seed_drift), 0, 'no drift once Odoo matches');
select tests.as_user('8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e');
select throws_ok($$ select * from advisor.lint_seed_drift $$, '42501', null, 'authenticated cannot read lints');

select * from finish();
rollback;
