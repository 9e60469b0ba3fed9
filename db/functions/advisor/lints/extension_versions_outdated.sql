-- advisor.lint_extension_versions_outdated: an installed extension at another version than the one
-- this server would install by default (splinter's 0022 extension_versions_outdated; advisor.lints()
-- picks it up by name). A version the server no longer ships (left behind by pg_upgrade) is not
-- reported, as in splinter: there is nothing here to update it from. Every extension counts.
create or replace view advisor.lint_extension_versions_outdated with (security_invoker = true) as
select
  'extension_versions_outdated'::text as name,
  'Extension Versions Outdated'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects extensions installed at another version than the server''s default one, which may lack its fixes.'::text as description,
  x.detail::text collate "default" as detail,
  'Update it: alter extension <name> update (to the default version), in a migration.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('extension_versions_outdated_' || x.key)::text collate "default" as cache_key
from (
  select format('Extension %s is at version %s; this server''s default is %s.', e.name, e.installed_version, e.default_version),
         jsonb_build_object('extension_name', e.name, 'installed_version', e.installed_version, 'default_version', e.default_version),
         format('%s_%s', e.name, e.installed_version)
  from pg_catalog.pg_available_extensions e
  where e.installed_version is not null and e.default_version is not null
    and e.installed_version <> e.default_version
    and exists (select from pg_catalog.pg_available_extension_versions v where v.name = e.name and v.version = e.installed_version)
) x(detail, metadata, key);
comment on view advisor.lint_extension_versions_outdated is 'Extension Versions Outdated (splinter 0022) — lint for advisor.lints().';
