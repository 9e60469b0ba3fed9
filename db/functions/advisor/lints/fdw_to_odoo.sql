-- advisor.lint_fdw_to_odoo: dblink or postgres_fdw installed, or a foreign server of either (splinter's row
-- shape; advisor.lints() picks it up by name). ssot check fails on it too (advisor.assert_doctrine).
create or replace view advisor.lint_fdw_to_odoo with (security_invoker = true) as
select
  'fdw_to_odoo'::text as name,
  'dblink or postgres_fdw installed'::text as title,
  'ERROR'::text as level,
  'INTERNAL'::text as facing,
  array['SECURITY', 'DOCTRINE']::text[] as categories,
  'Odoo is written only through its API (JSON-RPC); a foreign-data wrapper or dblink lets SQL reach it directly.'::text as description,
  x.detail::text as detail,
  'drop extension dblink / postgres_fdw; use the Odoo JSON-RPC client and the bridge tables instead.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('fdw_to_odoo_' || x.key)::text as cache_key
from (
  select format('Extension %s is installed.', e.extname),
         jsonb_build_object('name', e.extname, 'type', 'extension'),
         e.extname::text
  from pg_catalog.pg_extension e where e.extname in ('dblink', 'postgres_fdw')
  union all
  -- a foreign server of either (its wrapper may come from an extension dropped since, or be made by hand)
  select format('Foreign server %s (wrapper %s) links this database to another one%s.', s.srvname, w.fdwname,
                coalesce(' (' || (select string_agg(o, ', ' order by o) from unnest(s.srvoptions) o where o ~ '^(host|dbname|port)=') || ')', '')),
         jsonb_build_object('name', s.srvname, 'type', 'foreign_server', 'wrapper', w.fdwname),
         'server_' || s.srvname
  from pg_catalog.pg_foreign_server s join pg_catalog.pg_foreign_data_wrapper w on w.oid = s.srvfdw
  where w.fdwname in ('dblink_fdw', 'postgres_fdw')
     or exists (select from pg_catalog.pg_proc p where p.oid = w.fdwhandler and p.proname = 'postgres_fdw_handler')
) x(detail, metadata, key);
comment on view advisor.lint_fdw_to_odoo is 'dblink or postgres_fdw installed — lint for advisor.lints().';
