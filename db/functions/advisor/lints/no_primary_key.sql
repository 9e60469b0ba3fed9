-- advisor.lint_no_primary_key: a table of ours without a primary key (splinter's 0004
-- no_primary_key; advisor.lints() picks it up by name). Plain tables and partitions (a partition
-- inherits its parent's key), not partitioned parents; tables an extension owns are skipped.
create or replace view advisor.lint_no_primary_key with (security_invoker = true) as
select
  'no_primary_key'::text as name,
  'No Primary Key'::text as title,
  'INFO'::text as level,
  'EXTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects tables without a primary key: rows cannot be addressed one by one, which makes updates, replication and the API''s row handling inefficient at scale.'::text as description,
  x.detail::text collate "default" as detail,
  'Add a primary key (e.g. id bigint generated always as identity primary key) in a migration.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('no_primary_key_' || x.key)::text collate "default" as cache_key
from (
  select format('Table %I.%I has no primary key.', n.nspname, c.relname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table'),
         format('%s_%s', n.nspname, c.relname)
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r'
    and advisor.is_ours(n.nspname)
    and not exists (select from pg_catalog.pg_index i where i.indrelid = c.oid and i.indisprimary)
    and not exists (select from pg_catalog.pg_depend d
                     where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
) x(detail, metadata, key);
comment on view advisor.lint_no_primary_key is 'No Primary Key (splinter 0004) — lint for advisor.lints().';
