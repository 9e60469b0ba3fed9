-- advisor.lint_rls_disabled_in_exposed: RLS disabled in an exposed schema (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_rls_disabled_in_exposed with (security_invoker = true) as
select
  'rls_disabled_in_exposed'::text as name,
  'RLS disabled in an exposed schema'::text as title,
  'ERROR'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects tables in a schema PostgREST exposes that do not have row level security enabled.'::text as description,
  x.detail::text as detail,
  'Enable RLS on the table and add explicit policies for each API role that may reach it.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('rls_disabled_in_exposed_' || x.key)::text as cache_key
from (
  select format('Table %I.%I is in the exposed schema %I but has row level security disabled.', n.nspname, c.relname, n.nspname) as detail,
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table') as metadata,
         n.nspname || '_' || c.relname as key
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and not c.relrowsecurity and n.nspname = any (advisor.exposed_schemas())
) x(detail, metadata, key);
comment on view advisor.lint_rls_disabled_in_exposed is 'RLS disabled in an exposed schema — lint for advisor.lints().';
