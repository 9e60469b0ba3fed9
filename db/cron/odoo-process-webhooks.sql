-- odoo-process-webhooks: every minute, process one batch of due Odoo webhook events in the
-- database (odoo.process_webhook_batch). Declared disabled: enable it (`ssot cron enable
-- odoo-process-webhooks`) when no `ssot odoo process` worker runs; both may run together, skip
-- locked keeps them apart.
select ops.cron_declare(
  name => 'odoo-process-webhooks',
  schedule => '* * * * *',
  local_time => 'every minute',
  command => $$select odoo.process_webhook_batch('pg_cron', 500)$$,
  description => 'Odoo bridge: claim and process one batch of due webhook events.',
  kind => 'housekeeping',
  enabled_by_default => false);
