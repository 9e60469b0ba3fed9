-- advisor.lint_events_not_append_only: The event log can be changed (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_events_not_append_only with (security_invoker = true) as
select
  'events_not_append_only'::text as name,
  'The event log can be changed'::text as title,
  'ERROR'::text as level,
  'INTERNAL'::text as facing,
  array['SECURITY', 'DOCTRINE']::text[] as categories,
  'ops.events must refuse UPDATE, DELETE and TRUNCATE for every role: guard triggers in place and enabled, privileges revoked.'::text as description,
  x.detail::text as detail,
  'Apply the fix in the detail; after a disabled trigger, run select * from ops.verify_event_seals().'::text as remediation,
  x.metadata::jsonb as metadata,
  ('events_not_append_only_' || x.key)::text as cache_key
from (
  select a.problem || ' — ' || a.fix, jsonb_build_object('schema', 'ops', 'name', 'events', 'type', 'table'), md5(a.problem)
  from advisor.events_append_only_problems() a
) x(detail, metadata, key);
comment on view advisor.lint_events_not_append_only is 'The event log can be changed — lint for advisor.lints().';
