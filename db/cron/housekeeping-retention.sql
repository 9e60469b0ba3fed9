-- housekeeping-retention: daily 03:00 Asia/Manila = 19:00 UTC.
select ops.cron_declare(
  name => 'housekeeping-retention',
  schedule => '0 19 * * *',
  local_time => 'daily 03:00 Asia/Manila',
  command => $$select ops.purge_history()$$,
  description => 'Retention: cron.job_run_details older than 30 days, net responses past pg_net.ttl, settled outbox rows and server starts older than 90 days.',
  kind => 'housekeeping',
  enabled_by_default => true);
