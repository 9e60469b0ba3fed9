-- housekeeping-server-start: once at every start of the server (pg_cron's @reboot). Records the
-- outage that ended, so ops.cron_job_health counts the runs missed in every outage.
select ops.cron_declare(
  name => 'housekeeping-server-start',
  schedule => '@reboot',
  local_time => 'at every server start',
  command => $$select ops.note_server_start()$$,
  description => 'Records the start of the server and the last cron run before it (ops.server_starts).',
  kind => 'housekeeping',
  enabled_by_default => true);
