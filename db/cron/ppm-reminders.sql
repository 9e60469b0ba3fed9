-- ppm-reminders: Mondays 09:00 Asia/Manila = Mondays 01:00 UTC. Seeded ready (disabled): ssot cron enable ppm-reminders
select ops.cron_declare(
  name => 'ppm-reminders',
  schedule => '0 1 * * 1',
  local_time => 'Mondays 09:00 Asia/Manila',
  command => $$select ops.cron_n8n('ppm-reminders')$$,
  description => 'PPM reminders: signed POST to the n8n workflow (URL in vault n8n_ppm_reminders_url).');
