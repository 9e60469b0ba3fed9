-- advisor.lint_security_definer_view: splinter's security_definer_view (0010). A view in an exposed
-- schema (advisor.api_schemas()) that anon or authenticated may read and that runs with its owner's
-- rights (security_invoker not set to 1, true, yes or on), so the owner's RLS applies, not the
-- caller's. Extension-owned views are skipped. Views of ours outside the exposed schemas are the
-- project lint security_definer_view_reachable; the doctrine check view_security_invoker fails
-- every such view in an exposed schema, readable or not.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_security_definer_view;
create or replace view advisor.lint_security_definer_view with (security_invoker = true) as
select
  'security_definer_view'::text as name,
  'Security Definer View'::text as title,
  'ERROR'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects views in an exposed schema that API roles can read and that run with their owner''s rights, bypassing the caller''s RLS.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'alter view … set (security_invoker = true).'::text as remediation,
  x.metadata::jsonb as metadata,
  ('security_definer_view_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('View %I.%I runs with its owner''s rights and is readable by an API role.', n.nspname, c.relname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'view'),
         n.nspname || '_' || c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'v' and advisor.is_ours(n.nspname) and n.nspname = any (advisor.api_schemas())
    and pg_catalog.current_setting('server_version_num')::int >= 150000
    and not advisor.view_is_invoker(c.reloptions)
    and exists (select from pg_catalog.pg_roles r
                 where r.rolname in ('anon', 'authenticated') and pg_catalog.has_table_privilege(r.oid, c.oid, 'select'))
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
) x(detail, metadata, key);
comment on view advisor.lint_security_definer_view is 'Splinter''s security_definer_view (0010): a view in an exposed schema readable by an API role that runs with its owner''s rights — lint for advisor.lints().';
