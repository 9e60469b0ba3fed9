-- housekeeping-outbox-pump: every minute. Settles answered outbox requests and dispatches due ones
-- (where pg_net delivers; with the net compat `ssot net worker` also pumps between cron runs).
select ops.cron_declare(
  name => 'housekeeping-outbox-pump',
  schedule => '* * * * *',
  local_time => 'every minute',
  command => $$select ops.outbox_pump()$$,
  description => 'Outbox: reconcile net responses, retry with backoff, dispatch due requests.',
  kind => 'housekeeping',
  enabled_by_default => true);
