-- advisor.lint_unindexed_foreign_keys: Unindexed foreign key (splinter's row shape; advisor.lints() picks it up by name).
create or replace view advisor.lint_unindexed_foreign_keys with (security_invoker = true) as
select
  'unindexed_foreign_keys'::text as name,
  'Unindexed foreign key'::text as title,
  'INFO'::text as level,
  'INTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects foreign keys without an index on the referencing columns: deletes on the referenced table scan the whole table.'::text as description,
  x.detail::text as detail,
  'Create an index whose leading columns are the foreign key''s columns.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('unindexed_foreign_keys_' || x.key)::text as cache_key
from (
  select format('Foreign key %I on %I.%I has no covering index.', con.conname, n.nspname, c.relname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'fkey', con.conname),
         n.nspname || '_' || c.relname || '_' || con.conname
  from pg_catalog.pg_constraint con
  join pg_catalog.pg_class c on c.oid = con.conrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where con.contype = 'f' and advisor.is_ours(n.nspname) and not c.relispartition
    and not exists (
      select from pg_catalog.pg_index i
      where i.indrelid = con.conrelid
        and (i.indkey::int2[])[0:array_length(con.conkey, 1) - 1] operator(pg_catalog.@>) con.conkey
        and (i.indkey::int2[])[0:array_length(con.conkey, 1) - 1] operator(pg_catalog.<@) con.conkey)
) x(detail, metadata, key);
comment on view advisor.lint_unindexed_foreign_keys is 'Unindexed foreign key — lint for advisor.lints().';
