-- advisor.lint_unused_index: an index of ours that no scan has used since the statistics were last
-- reset (splinter's 0005 unused_index; advisor.lints() picks it up by name). Unique and primary-key
-- indexes are left alone (they enforce a constraint), and so are tables an extension owns. It reads
-- the cumulative statistics, so a freshly migrated database reports every plain index until the
-- queries that need it have run; the metadata names the table, the cache_key also the index.
create or replace view advisor.lint_unused_index with (security_invoker = true) as
select
  'unused_index'::text as name,
  'Unused Index'::text as title,
  'INFO'::text as level,
  'EXTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects indexes that have never been scanned since the statistics were reset: each costs a write per row and space, and may be a candidate for removal.'::text as description,
  x.detail::text collate "default" as detail,
  'Check that the queries meant to use it have run (the statistics count scans since their last reset); if it stays unused, drop it in a migration.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('unused_index_' || x.key)::text collate "default" as cache_key
from (
  select format('Index %I on table %I.%I has not been scanned.', s.indexrelname, s.schemaname, s.relname),
         jsonb_build_object('schema', s.schemaname, 'name', s.relname, 'type', 'table'),
         format('%s_%s_%s', s.schemaname, s.relname, s.indexrelname)
  from pg_catalog.pg_stat_user_indexes s
  join pg_catalog.pg_index i on i.indexrelid = s.indexrelid
  where s.idx_scan = 0
    and not i.indisunique
    and not i.indisprimary
    and advisor.is_ours(s.schemaname)
    and not exists (select from pg_catalog.pg_depend d
                     where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = s.relid and d.deptype = 'e')
) x(detail, metadata, key);
comment on view advisor.lint_unused_index is 'Unused Index (splinter 0005) — lint for advisor.lints().';
