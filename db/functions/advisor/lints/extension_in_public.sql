-- advisor.lint_extension_in_public: splinter's extension_in_public (0014). An extension installed in
-- the public schema (plpgsql, which lives in pg_catalog anyway, is exempt), where its objects are
-- exposed and can be shadowed.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_extension_in_public;
create or replace view advisor.lint_extension_in_public with (security_invoker = true) as
select
  'extension_in_public'::text as name,
  'Extension in Public'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects extensions installed in the public schema, where their objects are exposed and can be shadowed.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Move the extension to the extensions schema (alter extension … set schema extensions, or drop and re-create).'::text as remediation,
  x.metadata::jsonb as metadata,
  ('extension_in_public_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Extension %I is installed in public.', e.extname),
         jsonb_build_object('schema', n.nspname, 'name', e.extname, 'type', 'extension'),
         e.extname::text
  from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace
  where n.nspname = 'public' and e.extname <> 'plpgsql'
) x(detail, metadata, key);
comment on view advisor.lint_extension_in_public is 'Splinter''s extension_in_public (0014): an extension installed in public — lint for advisor.lints().';
