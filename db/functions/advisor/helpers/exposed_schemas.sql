-- advisor.exposed_schemas: the one list of exposed schemas, from the doctrine registry
-- (catalog.schemas, seeded from db/seeds/10_schemas.yaml).
create or replace function advisor.exposed_schemas() returns name[]
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(array_agg(s.name::name order by s.name), '{}') from catalog.schemas s where s.exposed
$$;
comment on function advisor.exposed_schemas() is 'The schemas PostgREST is meant to expose, from the doctrine registry catalog.schemas.';
revoke execute on function advisor.exposed_schemas() from public;
