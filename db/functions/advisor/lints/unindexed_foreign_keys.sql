-- advisor.lint_unindexed_foreign_keys: splinter's unindexed_foreign_keys (0001). A foreign key is
-- covered when a valid index of its table has the key's columns, in the key's order, as its leading
-- columns; (b, a) does not cover (a, b). Partitions are checked too (each carries its own copy of a
-- partitioned table's key); extension-owned tables are skipped.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_unindexed_foreign_keys;
create or replace view advisor.lint_unindexed_foreign_keys with (security_invoker = true) as
select
  'unindexed_foreign_keys'::text as name,
  'Unindexed foreign keys'::text as title,
  'INFO'::text as level,
  'EXTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects foreign keys without an index whose leading columns are the key''s columns: deletes and key updates on the referenced table scan the referencing table.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Create an index whose leading columns are the foreign key''s columns, in the same order.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('unindexed_foreign_keys_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Foreign key %I on %I.%I (%s) has no index with these leading columns.', con.conname, n.nspname, c.relname,
                (select string_agg(quote_ident(a.attname), ', ' order by k.ord)
                   from unnest(con.conkey) with ordinality k(attnum, ord)
                   join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum)),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table',
                            'fkey_name', con.conname, 'fkey_columns', to_jsonb(con.conkey)),
         n.nspname || '_' || c.relname || '_' || con.conname
  from pg_catalog.pg_constraint con
  join pg_catalog.pg_class c on c.oid = con.conrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where con.contype = 'f' and advisor.is_ours(n.nspname)
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    and not exists (
      select from pg_catalog.pg_index i
      where i.indrelid = con.conrelid and i.indisvalid
        and (i.indkey::int2[])[0:cardinality(con.conkey) - 1] operator(pg_catalog.=) con.conkey)
) x(detail, metadata, key);
comment on view advisor.lint_unindexed_foreign_keys is 'Splinter''s unindexed_foreign_keys (0001): a foreign key without an index on its columns in order — lint for advisor.lints().';
