-- advisor.lint_sensitive_columns_exposed: a table in an exposed schema, with RLS disabled, that anon
-- or authenticated may select and that has a column named like personal or credential data
-- (splinter's 0023 sensitive_columns_exposed; advisor.lints() picks it up by name). The names are
-- advisor.sensitive_column_names(), matched exactly after lower-casing and reading '-' as '_'. Such
-- a table also fires rls_disabled_in_public (as splinter's 0013): this one says what is at stake.
create or replace view advisor.lint_sensitive_columns_exposed with (security_invoker = true) as
select
  'sensitive_columns_exposed'::text as name,
  'Sensitive Columns Exposed'::text as title,
  'ERROR'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects tables exposed through the API without row level security that have columns named like personal, credential or financial data.'::text as description,
  x.detail::text collate "default" as detail,
  'Enable row level security on the table with policies for who may read which rows, or revoke SELECT from anon, authenticated and PUBLIC; keep credentials in the vault, not in a table.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('sensitive_columns_exposed_' || x.key)::text collate "default" as cache_key
from (
  select format('Table %I.%I is exposed through the API without RLS and has sensitive columns: %s.', n.nspname, c.relname,
                string_agg(distinct a.attname, ', ' order by a.attname)),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table',
                            'sensitive_columns', array_agg(distinct a.attname order by a.attname),
                            'matched_patterns', array_agg(distinct s.column_name order by s.column_name)),
         format('%s_%s', n.nspname, c.relname)
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  join advisor.sensitive_column_names() s on s.column_name = pg_catalog.replace(pg_catalog.lower(a.attname), '-', '_')
  where c.relkind = 'r'
    and not c.relrowsecurity
    and n.nspname = any (advisor.api_schemas())
    and advisor.is_ours(n.nspname)
    and (pg_catalog.has_table_privilege('anon', c.oid, 'SELECT') or pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT'))
  group by n.nspname, c.relname
) x(detail, metadata, key);
comment on view advisor.lint_sensitive_columns_exposed is 'Sensitive Columns Exposed (splinter 0023) — lint for advisor.lints().';
