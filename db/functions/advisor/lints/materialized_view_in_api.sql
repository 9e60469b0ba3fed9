-- advisor.lint_materialized_view_in_api: a materialized view in an exposed schema that anon or
-- authenticated may select (splinter's 0016 materialized_view_in_api; advisor.lints() picks it up by
-- name). A materialized view has no row level security: whoever may select it reads every row
-- through the API. Materialized views an extension owns are skipped.
create or replace view advisor.lint_materialized_view_in_api with (security_invoker = true) as
select
  'materialized_view_in_api'::text as name,
  'Materialized View in API'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects materialized views in an exposed schema that anon or authenticated may select: they have no row level security, so the API serves every row.'::text as description,
  x.detail::text collate "default" as detail,
  'Revoke SELECT on it from anon, authenticated and PUBLIC, or move it to a schema the API does not expose (and serve its rows through a function or a security_invoker view that filters them).'::text as remediation,
  x.metadata::jsonb as metadata,
  ('materialized_view_in_api_' || x.key)::text collate "default" as cache_key
from (
  select format('Materialized view %I.%I is exposed through the API and anon or authenticated may select it.', r.schema_name, r.rel_name),
         jsonb_build_object('schema', r.schema_name, 'name', r.rel_name, 'type', 'materialized view'),
         format('%s_%s', r.schema_name, r.rel_name)
  from advisor.api_selectable_relations('m') r
) x(detail, metadata, key);
comment on view advisor.lint_materialized_view_in_api is 'Materialized View in API (splinter 0016) — lint for advisor.lints().';
