-- advisor.platform_schemas(): the one list of the schemas that are not the project's to judge.
--   platform  PostgreSQL's, Supabase's and the extensions' own schemas (splinter's list of platform
--             schemas): the doctrine and the lints leave them alone
--   tooling   the bookkeeping of the tools (graphile-migrate, the definitions engine, pgTAP helpers)
-- Besides these names, every schema starting with pg_, supabase_ or _ is a platform schema
-- (advisor.is_ours). Used by advisor.is_ours and the secret scan; add a schema here, nowhere else.
create or replace function advisor.platform_schemas()
returns table (schema_name name, kind text)
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select v.s::name, v.k
    from (values
      ('information_schema', 'platform'), ('pg_catalog', 'platform'), ('auth', 'platform'), ('storage', 'platform'),
      ('realtime', 'platform'), ('graphql', 'platform'), ('graphql_public', 'platform'), ('extensions', 'platform'),
      ('cron', 'platform'), ('net', 'platform'), ('vault', 'platform'), ('pgsodium', 'platform'),
      ('pgsodium_masks', 'platform'), ('pgbouncer', 'platform'), ('pgtle', 'platform'), ('pgmq', 'platform'),
      ('pgroonga', 'platform'), ('repack', 'platform'), ('tiger', 'platform'), ('topology', 'platform'),
      ('supabase_functions', 'platform'), ('supabase_migrations', 'platform'),
      ('graphile_migrate', 'tooling'), ('ssot_meta', 'tooling'), ('tests', 'tooling')
    ) as v (s, k)
$$;
comment on function advisor.platform_schemas() is 'The one list of schemas outside the doctrine: platform (PostgreSQL, Supabase, extensions; splinter''s list) and tooling (graphile_migrate, ssot_meta, tests). Schemas named pg_*, supabase_* or _* count as platform too.';
revoke execute on function advisor.platform_schemas() from public;
