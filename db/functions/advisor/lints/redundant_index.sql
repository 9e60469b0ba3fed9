-- advisor.lint_redundant_index: a project lint beside splinter's duplicate_index. A plain index (not
-- unique, no predicate, no expressions) whose key columns, operator classes, collations and sort
-- options are the leading key columns of another plain index of the same table and access method,
-- longer, unique, or with INCLUDE columns besides. Besides a write per row, such an index gives the planner a wrong choice: on a
-- table whose statistics are still empty it may take the narrower index and filter the rest, which
-- is a scan per lookup as the table grows. Identical indexes are duplicate_index's, not repeated here.
create or replace view advisor.lint_redundant_index with (security_invoker = true) as
select
  'redundant_index'::text as name,
  'Redundant index'::text as title,
  'WARN'::text as level,
  'INTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects plain indexes whose columns lead a longer or unique index of the same table, which serves the same lookups.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Drop the redundant index; the covering index serves the same lookups and foreign keys.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('redundant_index_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Index %I on %I.%I is covered by %I.', ri.relname, n.nspname, c.relname, ci.relname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'index', ri.relname, 'covered_by', ci.relname),
         n.nspname || '_' || c.relname || '_' || ri.relname
  from pg_catalog.pg_index r
  join pg_catalog.pg_class ri on ri.oid = r.indexrelid
  join pg_catalog.pg_class c on c.oid = r.indrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  join lateral (
    select o.indexrelid
    from pg_catalog.pg_index o
    join pg_catalog.pg_class oi on oi.oid = o.indexrelid
    where o.indrelid = r.indrelid and o.indexrelid <> r.indexrelid
      and o.indpred is null and o.indexprs is null and o.indisvalid
      and oi.relam = ri.relam
      and (o.indnkeyatts > r.indnkeyatts
           or (o.indnkeyatts = r.indnkeyatts and o.indisunique)
           -- the same keys with INCLUDE columns besides
           or (o.indnkeyatts = r.indnkeyatts and r.indnatts = r.indnkeyatts and o.indnatts > o.indnkeyatts))
      and (o.indkey::int2[])[0:r.indnkeyatts - 1] operator(pg_catalog.=) (r.indkey::int2[])[0:r.indnkeyatts - 1]
      and (o.indclass::oid[])[0:r.indnkeyatts - 1] operator(pg_catalog.=) (r.indclass::oid[])[0:r.indnkeyatts - 1]
      and (o.indcollation::oid[])[0:r.indnkeyatts - 1] operator(pg_catalog.=) (r.indcollation::oid[])[0:r.indnkeyatts - 1]
      and (o.indoption::int2[])[0:r.indnkeyatts - 1] operator(pg_catalog.=) (r.indoption::int2[])[0:r.indnkeyatts - 1]
    order by o.indisunique desc, o.indnkeyatts, o.indexrelid
    limit 1
  ) cover on true
  join pg_catalog.pg_class ci on ci.oid = cover.indexrelid
  where advisor.is_ours(n.nspname)
    and not r.indisunique and not r.indisprimary and not r.indisexclusion
    and r.indpred is null and r.indexprs is null
) x(detail, metadata, key);
comment on view advisor.lint_redundant_index is 'Redundant index: a plain index on the leading columns of a longer or unique one (project lint beside duplicate_index) — lint for advisor.lints().';
