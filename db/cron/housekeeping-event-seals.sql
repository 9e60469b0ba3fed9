-- housekeeping-event-seals: every 10 minutes. ops.seal_events() comes from the events migration;
-- ops.cron_call fails the run clearly (SS304) where it is missing.
select ops.cron_declare(
  name => 'housekeeping-event-seals',
  schedule => '*/10 * * * *',
  local_time => 'every 10 minutes',
  command => $$select ops.cron_call('ops.seal_events')$$,
  description => 'Seals the ops.events written since the last seal (hash chain).',
  kind => 'housekeeping',
  enabled_by_default => true);
