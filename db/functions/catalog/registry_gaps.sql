-- catalog.registry_gaps: what the doctrine registry (catalog.schemas, db/seeds/10_schemas.yaml)
-- declares and the database lacks: a registered schema that does not exist, or a core relation
-- (core_relations) missing from its schema. advisor.assert_doctrine() reports each row as
-- schema_contents, so dropping ai, audit or analytics, or one of their tables, fails `ssot check`.
create or replace function catalog.registry_gaps()
returns table (object text, problem text, fix text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.format('%I', s.name),
         'the registry lists this schema but it does not exist',
         pg_catalog.format('run the migrations that create schema %I (ssot migrate), or remove it from db/seeds/10_schemas.yaml', s.name)
  from catalog.schemas s
  where pg_catalog.to_regnamespace(pg_catalog.quote_ident(s.name)) is null
  union all
  select pg_catalog.format('%I.%I', s.name, r.rel),
         pg_catalog.format('a core relation of schema %I (registry core_relations) is missing', s.name),
         pg_catalog.format('run the migrations and definitions that create %I.%I (ssot migrate), or remove it from core_relations in db/seeds/10_schemas.yaml', s.name, r.rel)
  from catalog.schemas s cross join lateral pg_catalog.unnest(s.core_relations) r(rel)
  where pg_catalog.to_regnamespace(pg_catalog.quote_ident(s.name)) is not null
    and pg_catalog.to_regclass(pg_catalog.format('%I.%I', s.name, r.rel)) is null
  order by 1
$$;
comment on function catalog.registry_gaps() is 'What the schema registry declares and the database lacks: missing registered schemas and missing core relations (core_relations); one row each, with the fix.';
revoke execute on function catalog.registry_gaps() from public;
