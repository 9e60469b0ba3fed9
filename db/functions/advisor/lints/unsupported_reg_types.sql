-- advisor.lint_unsupported_reg_types: splinter's unsupported_reg_types (0018). A column of a reg* type
-- that pg_upgrade cannot carry (everything but regclass, regrole and regtype) stores an OID that a
-- major-version upgrade does not preserve, so Supabase refuses to upgrade the project. As splinter,
-- every relation kind counts (tables, views, materialized views, composite types, indexes) in every
-- schema but pg_catalog, information_schema and pgsodium, the platform's and extensions' too: any of
-- them blocks the upgrade.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_unsupported_reg_types;
create or replace view advisor.lint_unsupported_reg_types with (security_invoker = true) as
select
  'unsupported_reg_types'::text as name,
  'Unsupported reg types'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects columns of reg* types that pg_upgrade does not support (everything but regclass, regrole and regtype), which block a major-version upgrade.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Store the name as text (or an OID of a table, role or type as regclass, regrole, regtype) and resolve it when it is used.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('unsupported_reg_types_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Column %I.%I.%I has type %s, which pg_upgrade does not support.', n.nspname, c.relname, a.attname, t.typname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'column', a.attname, 'type', 'table'),
         format('%s_%s_%s', n.nspname, c.relname, a.attname)
  from pg_catalog.pg_attribute a
  join pg_catalog.pg_class c on c.oid = a.attrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  join pg_catalog.pg_type t on t.oid = a.atttypid
  where a.attnum > 0 and not a.attisdropped
    and t.typnamespace = 'pg_catalog'::regnamespace
    and t.typname in ('regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper', 'regoperator', 'regproc', 'regprocedure')
    and n.nspname not in ('pg_catalog', 'information_schema', 'pgsodium')
) x(detail, metadata, key);
comment on view advisor.lint_unsupported_reg_types is 'Splinter''s unsupported_reg_types (0018): a column of a reg* type pg_upgrade cannot carry — lint for advisor.lints().';
