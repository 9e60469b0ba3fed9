-- advisor.lint_table_bloat: a heap table whose pages hold far more room than its live rows need
-- (splinter's 0020 table_bloat; advisor.lints() picks it up by name). The expected size is an
-- estimate from the planner's statistics: rows (pg_class.reltuples) times a row's width (tuple
-- header, null bitmap when a column has nulls, the columns' average widths from pg_stats, an item
-- pointer), packed into pages. A table is reported when it has more than 70 times the pages
-- expected and more than 20 MiB of them are spare, as splinter's thresholds. Like splinter it
-- covers every schema but information_schema (a platform table can bloat too) and needs the
-- table ANALYZEd; a table with no live rows at all counts as needing one page, so an emptied
-- table of 20 MiB is reported too (splinter reports nothing there: its ratio divides by zero).
create or replace view advisor.lint_table_bloat with (security_invoker = true) as
select
  'table_bloat'::text as name,
  'Table Bloat'::text as title,
  'INFO'::text as level,
  'EXTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects tables whose pages hold far more space than their live rows need (dead rows not reclaimed), which slows scans and costs storage.'::text as description,
  x.detail::text collate "default" as detail,
  'Run vacuum full on it (it locks the table while it rewrites it; pg_repack does it without the lock), and tune autovacuum for the table so the dead rows are reclaimed as they come.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('table_bloat_' || x.key)::text collate "default" as cache_key
from (
  select format('Table %I.%I uses %s pages where its %s live rows need about %s (%s spare).', e.schemaname, e.tablename,
                e.relpages, e.reltuples::bigint, e.expected, pg_catalog.pg_size_pretty((e.relpages - e.expected) * e.bs)),
         jsonb_build_object('schema', e.schemaname, 'name', e.tablename, 'type', 'table'),
         format('%s_%s', e.schemaname, e.tablename)
  from (
    select w.schemaname, w.tablename, c.relpages::bigint as relpages, c.reltuples, w.bs,
           greatest(1, pg_catalog.ceil(greatest(c.reltuples::numeric, 0)
             * (24 + case when w.with_nulls then (w.natts + 7) / 8 else 0 end   -- header (23 bytes, aligned) and null bitmap
                + pg_catalog.ceil(w.data_width / 8) * 8                           -- the columns, aligned
                + 4)                                                              -- the item pointer
             / (w.bs - 24)))::bigint as expected                                  -- a page less its header
    from (
      select s.schemaname, s.tablename, pg_catalog.current_setting('block_size')::numeric as bs, count(*) as natts,
             sum((1 - s.null_frac) * s.avg_width)::numeric as data_width, bool_or(s.null_frac > 0) as with_nulls
      from pg_catalog.pg_stats s
      where not s.inherited and s.schemaname <> 'information_schema'
      group by s.schemaname, s.tablename
    ) w
    join pg_catalog.pg_namespace n on n.nspname = w.schemaname
    join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = w.tablename
    where c.relkind = 'r' and c.relam = (select a.oid from pg_catalog.pg_am a where a.amname = 'heap')
  ) e
  where e.relpages > 70 * e.expected
    and (e.relpages - e.expected) * e.bs > 20 * 1024 * 1024
) x(detail, metadata, key);
comment on view advisor.lint_table_bloat is 'Table Bloat (splinter 0020) — lint for advisor.lints().';
