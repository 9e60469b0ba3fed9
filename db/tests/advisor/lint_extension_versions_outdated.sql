-- advisor.lint_extension_versions_outdated (splinter 0022): an extension installed at another
-- version than the server's default is a WARN; metadata names the extension and both versions.
begin;
select plan(3);

select is_empty($$select detail from advisor.lint_extension_versions_outdated where name = 'extension_versions_outdated'$$, 'every extension of the migrated database is at its default version');

create extension citext with schema extensions version '1.4';
select results_eq($$select level, facing, categories, title, metadata, cache_key from advisor.lints() where name = 'extension_versions_outdated'$$,
  $$select 'WARN'::text, 'EXTERNAL'::text, array['SECURITY']::text[], 'Extension Versions Outdated'::text,
           jsonb_build_object('extension_name', 'citext', 'installed_version', '1.4', 'default_version', e.default_version),
           'extension_versions_outdated_citext_1.4'::text
      from pg_available_extensions e where e.name = 'citext' and e.default_version <> '1.4'$$,
  'citext 1.4 is reported under splinter''s name, metadata and cache_key, with the server''s default version');

alter extension citext update;
select is_empty($$select detail from advisor.lint_extension_versions_outdated where name = 'extension_versions_outdated'$$, 'quiet once it is updated');

select * from finish();
rollback;
