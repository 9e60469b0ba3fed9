-- advisor.lint_security_definer_view: Security definer view (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_security_definer_view with (security_invoker = true) as
select
  'security_definer_view'::text as name,
  'Security definer view'::text as title,
  'ERROR'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects views API roles can read that run with their owner''s rights, bypassing the caller''s RLS.'::text as description,
  x.detail::text as detail,
  'alter view … set (security_invoker = true).'::text as remediation,
  x.metadata::jsonb as metadata,
  ('security_definer_view_' || x.key)::text as cache_key
from (
  select format('View %I.%I runs with its owner''s rights and is readable by an API role.', n.nspname, c.relname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'view'),
         n.nspname || '_' || c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'v' and advisor.is_ours(n.nspname)
    and not coalesce('security_invoker=true' = any (c.reloptions) or 'security_invoker=on' = any (c.reloptions), false)
    and exists (select from (values ('anon'), ('authenticated')) r(role)
                where pg_catalog.has_table_privilege(r.role, c.oid, 'select') and pg_catalog.has_schema_privilege(r.role, n.oid, 'usage'))
) x(detail, metadata, key);
comment on view advisor.lint_security_definer_view is 'Security definer view — lint for advisor.lints().';
