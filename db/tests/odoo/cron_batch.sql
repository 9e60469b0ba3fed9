-- The pg_cron path of webhook processing: the job is declared in the registry (disabled), and the
-- command it runs processes due events. Runs in the pg_cron database.
begin;
select plan(5);
set local client_min_messages = warning;

select results_eq($$ select enabled, schedule from ops.cron_jobs where name = 'odoo-process-webhooks' $$,
  $$ values (false, '* * * * *'::text) $$, 'odoo-process-webhooks is declared, disabled until enabled');
select is((select count(*)::int from cron.job where jobname = 'odoo-process-webhooks' and not active), 1, 'pg_cron holds it once, inactive');

insert into odoo.instances (slug, name, webhook_secret_name) values ('cron-test', 'Cron test', 'odoo_webhook_cron_test');
insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at)
select i.id, 'write', 'project.project', '4242', '{"name": "Cron project", "x_external_ref": "CRON_P"}', 'cron-k1', '\x00', now()
  from odoo.instances i where i.slug = 'cron-test';

-- run exactly the command pg_cron would run
select lives_ok((select command from cron.job where jobname = 'odoo-process-webhooks'), 'the job''s command runs');
select is((select status from odoo.webhook_events where idempotency_key = 'cron-k1'), 'completed', 'the due event was processed');
select is((select name from odoo_seed.shadow_projects where odoo_id = 4242), 'Cron project', 'and projected into the shadow');

select * from finish();
rollback;
