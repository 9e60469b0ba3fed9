-- advisor.is_ours: whether a schema is this project's to judge. On a real Supabase the platform's
-- own schemas (auth, storage, realtime, vault, …) and the tools' bookkeeping are left out.
create or replace function advisor.is_ours(schema_name name) returns boolean
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select not (
    schema_name ~ '^(pg_|supabase_|_)'
    or schema_name in ('information_schema', 'auth', 'storage', 'graphql', 'graphql_public', 'realtime',
                       'extensions', 'cron', 'vault', 'net', 'pgsodium', 'pgsodium_masks', 'pgbouncer',
                       'pgtle', 'graphile_migrate', 'ssot_meta', 'tests')
  )
$$;
comment on function advisor.is_ours(name) is 'True for the schemas the doctrine applies to (everything but PostgreSQL''s, Supabase''s and the tools'' own schemas).';
revoke execute on function advisor.is_ours(name) from public;
