-- housekeeping-event-seals: every 30 seconds where pg_cron is 1.5 or newer (Supabase ships 1.6),
-- else every minute (pg_cron 1.4 has no seconds schedules). Each tick seals ops.events and
-- control_plane.access_log and anchors the heads outside the database (ops.seal_and_anchor); the
-- anchor window the verifier allows (3 minutes, docs/anchors.md) assumes a tick at least every minute.
select ops.cron_declare(
  name => 'housekeeping-event-seals',
  schedule => case when coalesce((select pg_catalog.string_to_array(pg_catalog.split_part(e.extversion, '-', 1), '.')::int[] >= array[1, 5]
                                    from pg_catalog.pg_extension e where e.extname = 'pg_cron'), false)
                   then '30 seconds' else '* * * * *' end,
  local_time => 'every 30 seconds (every minute with pg_cron older than 1.5)',
  command => $$select ops.cron_call('ops.seal_and_anchor')$$,
  description => 'Seals ops.events and control_plane.access_log (hash chains) and anchors the heads with the external receiver.',
  kind => 'housekeeping',
  enabled_by_default => true);
