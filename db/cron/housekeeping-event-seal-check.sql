-- housekeeping-event-seal-check: Sundays 04:00 Asia/Manila = Saturdays 20:00 UTC. Re-hashes every
-- sealed event (the whole log) and records the result in ops.health_checks; the doctor reads it.
select ops.cron_declare(
  name => 'housekeeping-event-seal-check',
  schedule => '0 20 * * 6',
  local_time => 'Sundays 04:00 Asia/Manila',
  command => $$select ops.cron_call('ops.check_event_seals')$$,
  description => 'Full verification of the ops.events seal chain, recorded in ops.health_checks.',
  kind => 'housekeeping',
  enabled_by_default => true);
