-- Supabase's defaults for the `public` schema, so that a table created there behaves as on a real
-- project: API roles get USAGE on the schema and (by default privileges) on new tables, which is
-- exactly why RLS must be on. `ssot check` catches a table here without RLS and policies.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
