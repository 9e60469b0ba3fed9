-- advisor.lint_rls_disabled_in_public: splinter's rls_disabled_in_public (0013). A table (partitions
-- too) in an exposed schema (advisor.api_schemas()) that anon or authenticated may read, with row
-- level security off: every row is served to the API. Extension-owned tables count too, as in
-- splinter. The doctrine check rls_enabled (`ssot check`) is wider: RLS on every table of every
-- schema whose registry entry requires it (every exposed one does), whoever may read it.
create or replace view advisor.lint_rls_disabled_in_public with (security_invoker = true) as
select
  'rls_disabled_in_public'::text as name,
  'RLS Disabled in Public'::text as title,
  'ERROR'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects tables in a schema PostgREST exposes, readable by anon or authenticated, that do not have row level security enabled.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Enable RLS on the table and add explicit policies for each API role that may reach it.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('rls_disabled_in_public_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Table %I.%I is in the exposed schema %I, readable by %s, but has row level security disabled.', n.nspname, c.relname, n.nspname,
                array_to_string(array(select r.rolname from pg_catalog.pg_roles r
                                       where r.rolname in ('anon', 'authenticated') and pg_catalog.has_table_privilege(r.oid, c.oid, 'select')
                                       order by r.rolname), ' and ')),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table'),
         n.nspname || '_' || c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and not c.relrowsecurity and advisor.is_ours(n.nspname) and n.nspname = any (advisor.api_schemas())
    and exists (select from pg_catalog.pg_roles r
                 where r.rolname in ('anon', 'authenticated') and pg_catalog.has_table_privilege(r.oid, c.oid, 'select'))
) x(detail, metadata, key);
comment on view advisor.lint_rls_disabled_in_public is 'Splinter''s rls_disabled_in_public (0013): a table in an exposed schema that anon or authenticated can read, with RLS off — lint for advisor.lints().';
