-- advisor.lint_extension_in_public: Extension in public (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_extension_in_public with (security_invoker = true) as
select
  'extension_in_public'::text as name,
  'Extension in public'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects extensions installed in the public schema, where their objects are exposed and can be shadowed.'::text as description,
  x.detail::text as detail,
  'Move the extension to the extensions schema (alter extension … set schema extensions, or drop and re-create).'::text as remediation,
  x.metadata::jsonb as metadata,
  ('extension_in_public_' || x.key)::text as cache_key
from (
  select format('Extension %s is installed in public.', e.extname),
         jsonb_build_object('schema', 'public', 'name', e.extname, 'type', 'extension'),
         e.extname::text
  from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace
  where n.nspname = 'public'
) x(detail, metadata, key);
comment on view advisor.lint_extension_in_public is 'Extension in public — lint for advisor.lints().';
