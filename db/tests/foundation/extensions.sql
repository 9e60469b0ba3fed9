-- The extensions ssot needs, in the `extensions` schema, at the versions it is built for.
begin;
select plan(9);

select has_extension('extensions', 'vector', 'vector is installed in extensions');
select has_extension('extensions', 'pg_trgm', 'pg_trgm is installed in extensions');
select has_extension('extensions', 'pgcrypto', 'pgcrypto is installed in extensions');
select has_extension('pg_cron', 'pg_cron is installed in the cron database');
select ok((select extversion from pg_extension where extname = 'vector') >= '0.8.0', 'pgvector is 0.8 or newer (iterative index scans)');
select ok((select extversion from pg_extension where extname = 'pg_cron') >= '1.4', 'pg_cron is 1.4 or newer');
select is(current_setting('cron.database_name'), current_database()::text, 'cron.database_name is this database');
select is(
  (select count(*)::int from pg_extension e join pg_namespace n on n.oid = e.extnamespace where n.nspname = 'public'),
  0, 'no extension lives in public');
select ok(current_setting('server_version_num')::int >= 150000, 'PostgreSQL 15 or newer');

select * from finish();
rollback;
