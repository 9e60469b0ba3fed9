-- housekeeping-retention: daily 03:00 Asia/Manila = 19:00 UTC.
select ops.cron_declare(
  name => 'housekeeping-retention',
  schedule => '0 19 * * *',
  local_time => 'daily 03:00 Asia/Manila',
  command => $$select ops.purge_history()$$,
  description => 'Retention (ops.purge_history defaults): cron run details 30 days, net responses pg_net.ttl, settled outbox rows and server starts 90 days, finished Odoo webhook events 30 days (dead 90) with their log, finished sync runs 90 days, advisor runs 30 days (the latest kept).',
  kind => 'housekeeping',
  enabled_by_default => true);
