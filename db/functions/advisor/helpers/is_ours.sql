-- advisor.is_ours: whether a schema is this project's to judge. On a real Supabase the platform's
-- own schemas (auth, storage, realtime, vault, …) and the tools' bookkeeping are left out: the
-- names in advisor.platform_schemas(), and every schema named pg_*, supabase_* or _*.
create or replace function advisor.is_ours(schema_name name) returns boolean
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select not (
    schema_name ~ '^(pg_|supabase_|_)'
    or schema_name in (select p.schema_name from advisor.platform_schemas() p)
  )
$$;
comment on function advisor.is_ours(name) is 'True for the schemas the doctrine applies to (everything but PostgreSQL''s, Supabase''s and the tools'' own schemas).';
revoke execute on function advisor.is_ours(name) from public;
