-- advisor.index_signature: an index's definition without its own name, so that two indexes with
-- the same signature are the same index built twice (access method, uniqueness, columns, operator
-- classes, collations, order, INCLUDE columns, NULLS NOT DISTINCT and predicate all show in it).
-- Shared by the lints duplicate_index (identical indexes) and redundant_index (which leaves
-- identical ones to duplicate_index).
create or replace function advisor.index_signature(index_oid oid)
returns text
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.replace(pg_catalog.pg_get_indexdef(i.oid),
                            ' INDEX ' || pg_catalog.quote_ident(i.relname) || ' ON ', ' INDEX ON ')
    from pg_catalog.pg_class i
   where i.oid = index_oid and i.relkind in ('i', 'I')
$$;
comment on function advisor.index_signature(oid) is 'An index''s definition (pg_get_indexdef) without its name: equal signatures on one table are duplicate indexes.';
revoke execute on function advisor.index_signature(oid) from public;
