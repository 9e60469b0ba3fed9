-- housekeeping-event-partitions: daily 01:00 Asia/Manila = 17:00 UTC. ops.create_event_partitions()
-- comes from the events migration; ops.cron_call fails the run clearly (SS304) where it is missing.
select ops.cron_declare(
  name => 'housekeeping-event-partitions',
  schedule => '0 17 * * *',
  local_time => 'daily 01:00 Asia/Manila',
  command => $$select ops.cron_call('ops.create_event_partitions')$$,
  description => 'Creates the next monthly partitions of ops.events ahead of time.',
  kind => 'housekeeping',
  enabled_by_default => true);
