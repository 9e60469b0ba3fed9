-- health-check: every 15 minutes (same in Manila and UTC). Seeded ready (disabled): ssot cron enable health-check
select ops.cron_declare(
  name => 'health-check',
  schedule => '*/15 * * * *',
  local_time => 'every 15 minutes',
  command => $$select ops.cron_n8n('health-check')$$,
  description => 'Health check: signed POST to the n8n workflow (URL in vault n8n_health_check_url).');
