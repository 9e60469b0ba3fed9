-- advisor.lint_duplicate_index: splinter's duplicate_index (0009). Two or more indexes of one table or
-- materialized view that are the same index built twice: same access method, uniqueness, columns,
-- operator classes, order, INCLUDE columns and predicate (advisor.index_signature). Unique ones
-- count too. One row per set, naming every index of it. An index that is only a leading prefix of
-- another is the project lint redundant_index.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_duplicate_index;
create or replace view advisor.lint_duplicate_index with (security_invoker = true) as
select
  'duplicate_index'::text as name,
  'Duplicate Index'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects identical indexes on one table: each is written on every change and only one is ever needed.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Drop all but one of the identical indexes (keep the one a constraint uses).'::text as remediation,
  x.metadata::jsonb as metadata,
  ('duplicate_index_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('%s %I.%I has identical indexes: %s.', case c.relkind when 'm' then 'Materialized view' else 'Table' end,
                n.nspname, c.relname, string_agg(quote_ident(i.relname), ', ' order by i.relname)),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', case c.relkind when 'm' then 'materialized view' else 'table' end,
                            'indexes', to_jsonb(array_agg(i.relname order by i.relname))),
         n.nspname || '_' || c.relname || '_' || (array_agg(i.relname order by i.relname))::text
  from pg_catalog.pg_index x
  join pg_catalog.pg_class i on i.oid = x.indexrelid
  join pg_catalog.pg_class c on c.oid = x.indrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'm') and advisor.is_ours(n.nspname)
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  group by n.nspname, c.relname, c.relkind, advisor.index_signature(x.indexrelid)
  having count(*) > 1
) x(detail, metadata, key);
comment on view advisor.lint_duplicate_index is 'Splinter''s duplicate_index (0009): identical indexes on one table — lint for advisor.lints().';
