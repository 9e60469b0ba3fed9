-- stale-data-cleanup: daily 02:00 Asia/Manila = 18:00 UTC the day before. Seeded ready (disabled): ssot cron enable stale-data-cleanup
select ops.cron_declare(
  name => 'stale-data-cleanup',
  schedule => '0 18 * * *',
  local_time => 'daily 02:00 Asia/Manila',
  command => $$select ops.cron_n8n('stale-data-cleanup')$$,
  description => 'Stale-data cleanup: signed POST to the n8n workflow (URL in vault n8n_stale_data_cleanup_url).');
