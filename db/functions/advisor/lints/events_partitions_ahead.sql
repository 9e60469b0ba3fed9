-- advisor.lint_events_partitions_ahead: Event partitions not created ahead (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_events_partitions_ahead with (security_invoker = true) as
select
  'events_partitions_ahead'::text as name,
  'Event partitions not created ahead'::text as title,
  'WARN'::text as level,
  'INTERNAL'::text as facing,
  array['DOCTRINE']::text[] as categories,
  'ops.events needs a partition for next month before it starts, or ops.emit fails.'::text as description,
  x.detail::text as detail,
  'select ops.create_event_partitions(); and schedule it (the housekeeping cron job).'::text as remediation,
  x.metadata::jsonb as metadata,
  ('events_partitions_ahead_' || x.key)::text as cache_key
from (
  select format('No partition of ops.events covers %s.', to_char(m, 'YYYY-MM')),
         jsonb_build_object('schema', 'ops', 'name', 'events', 'type', 'table', 'month', to_char(m, 'YYYY-MM')),
         to_char(m, 'YYYY_MM')
  from (values (date_trunc('month', now() at time zone 'utc')), (date_trunc('month', now() at time zone 'utc') + interval '1 month')) v(m)
  where to_regclass('ops.events') is not null
    and to_regclass(format('ops.%I', 'events_' || to_char(m, 'YYYY_MM'))) is null
) x(detail, metadata, key);
comment on view advisor.lint_events_partitions_ahead is 'Event partitions not created ahead — lint for advisor.lints().';
