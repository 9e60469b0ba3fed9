-- advisor.lint_table_growth: a table of ours (with its indexes and TOAST; a partitioned table with
-- its partitions) past a size threshold, so growth is seen before it hurts (splinter's row shape;
-- advisor.lints() picks it up by name). The threshold is the setting `ssot.table_size_warn`
-- (a size such as '1GB', the default; `alter database … set ssot.table_size_warn = '10GB'`).
-- Retention keeps most of the platform's tables bounded (ops.purge_history); ops.events and the
-- access log are append-only and grow by design, which is when this says so.
create or replace function advisor.table_size_warn() returns bigint
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v text := coalesce(nullif(pg_catalog.current_setting('ssot.table_size_warn', true), ''), '1GB');
begin
  return pg_catalog.pg_size_bytes(v);
exception when invalid_parameter_value then
  raise exception 'ssot.table_size_warn is %; it must be a size such as 1GB or 500MB', pg_catalog.quote_literal(v)
    using errcode = 'SS110', hint = 'alter database … set ssot.table_size_warn = ''1GB'' (or reset it)';
end
$$;
comment on function advisor.table_size_warn() is 'The size threshold of lint table_growth: setting ssot.table_size_warn (1GB by default); SS110 when it is not a size.';
revoke execute on function advisor.table_size_warn() from public;

create or replace view advisor.lint_table_growth with (security_invoker = true) as
select
  'table_growth'::text as name,
  'Table past its size threshold'::text as title,
  'WARN'::text as level,
  'INTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects tables of the platform whose total size (indexes, TOAST and partitions included) is past ssot.table_size_warn (1GB by default).'::text as description,
  x.detail::text as detail,
  'Check retention (ops.purge_history, the housekeeping-retention cron job) and whether the growth is expected; raise ssot.table_size_warn if it is.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('table_growth_' || x.key)::text as cache_key
from (
  select format('Table %I.%I takes %s (threshold %s).', t.nspname, t.relname, pg_catalog.pg_size_pretty(t.bytes), pg_catalog.pg_size_pretty(t.threshold)),
         jsonb_build_object('schema', t.nspname, 'name', t.relname, 'type', 'table', 'bytes', t.bytes, 'threshold_bytes', t.threshold),
         format('%s_%s', t.nspname, t.relname)
  from (
    select n.nspname, c.relname,
           case when c.relkind = 'p'
                then (select coalesce(sum(pg_catalog.pg_total_relation_size(p.relid)), 0)::bigint from pg_catalog.pg_partition_tree(c.oid) p)
                else pg_catalog.pg_total_relation_size(c.oid) end as bytes,
           advisor.table_size_warn() as threshold
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition and advisor.is_ours(n.nspname)
  ) t
  where t.bytes > t.threshold
) x(detail, metadata, key);
comment on view advisor.lint_table_growth is 'Table past its size threshold (ssot.table_size_warn) — lint for advisor.lints().';
