-- bir-compliance-alerts: daily 08:00 Asia/Manila = 00:00 UTC. Seeded ready (disabled): ssot cron enable bir-compliance-alerts
select ops.cron_declare(
  name => 'bir-compliance-alerts',
  schedule => '0 0 * * *',
  local_time => 'daily 08:00 Asia/Manila',
  command => $$select ops.cron_n8n('bir-compliance-alerts')$$,
  description => 'BIR compliance alerts: signed POST to the n8n workflow (URL in vault n8n_bir_compliance_alerts_url).');
