-- advisor.lint_security_definer_view_reachable: a project lint beside splinter's security_definer_view,
-- for the schemas of ours that are not exposed (advisor.api_schemas()). A view there that anon or
-- authenticated may read (with USAGE on its schema) and that runs with its owner's rights is still
-- reachable by them (from another view, a function, an RPC body), and bypasses their RLS.
create or replace view advisor.lint_security_definer_view_reachable with (security_invoker = true) as
select
  'security_definer_view_reachable'::text as name,
  'Security definer view reachable by an API role'::text as title,
  'ERROR'::text as level,
  'INTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects views outside the exposed schemas that anon or authenticated can read and that run with their owner''s rights, bypassing the caller''s RLS.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'alter view … set (security_invoker = true), or revoke select on it from anon, authenticated and public.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('security_definer_view_reachable_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('View %I.%I runs with its owner''s rights and is readable by %s.', n.nspname, c.relname,
                array_to_string(array(select r.rolname from pg_catalog.pg_roles r
                                       where r.rolname in ('anon', 'authenticated') and pg_catalog.has_table_privilege(r.oid, c.oid, 'select')
                                         and pg_catalog.has_schema_privilege(r.oid, n.oid, 'usage')
                                       order by r.rolname), ' and ')),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'view'),
         n.nspname || '_' || c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'v' and advisor.is_ours(n.nspname) and not n.nspname = any (advisor.api_schemas())
    and not advisor.view_is_invoker(c.reloptions)
    and exists (select from pg_catalog.pg_roles r
                 where r.rolname in ('anon', 'authenticated') and pg_catalog.has_table_privilege(r.oid, c.oid, 'select')
                   and pg_catalog.has_schema_privilege(r.oid, n.oid, 'usage'))
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
) x(detail, metadata, key);
comment on view advisor.lint_security_definer_view_reachable is 'Security definer view outside the exposed schemas that anon or authenticated can read (project lint beside security_definer_view) — lint for advisor.lints().';
