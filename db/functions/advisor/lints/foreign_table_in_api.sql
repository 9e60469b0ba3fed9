-- advisor.lint_foreign_table_in_api: a foreign table in an exposed schema that anon or
-- authenticated may select (splinter's 0017 foreign_table_in_api; advisor.lints() picks it up by
-- name). A foreign table has no row level security, and its rows come from another system through
-- the server's credentials: the API would serve them to anyone it lets select. Foreign tables an
-- extension owns are skipped. (fdw_to_odoo is a different lint, about servers into Odoo's database.)
create or replace view advisor.lint_foreign_table_in_api with (security_invoker = true) as
select
  'foreign_table_in_api'::text as name,
  'Foreign Table in API'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects foreign tables in an exposed schema that anon or authenticated may select: they have no row level security, so the API serves the remote rows to whoever it lets select.'::text as description,
  x.detail::text collate "default" as detail,
  'Revoke SELECT on it from anon, authenticated and PUBLIC, or keep foreign tables in a schema the API does not expose.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('foreign_table_in_api_' || x.key)::text collate "default" as cache_key
from (
  select format('Foreign table %I.%I is exposed through the API and anon or authenticated may select it.', r.schema_name, r.rel_name),
         jsonb_build_object('schema', r.schema_name, 'name', r.rel_name, 'type', 'foreign table'),
         format('%s_%s', r.schema_name, r.rel_name)
  from advisor.api_selectable_relations('f') r
) x(detail, metadata, key);
comment on view advisor.lint_foreign_table_in_api is 'Foreign Table in API (splinter 0017) — lint for advisor.lints().';
