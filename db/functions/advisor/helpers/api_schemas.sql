-- advisor.api_schemas: the schemas the splinter-named lints treat as exposed through the API.
-- Splinter reads the session setting pgrst.db_schemas (Supabase Studio sets it to the project's
-- exposed schemas before running the lints); when a session sets it, it wins, so the lints answer
-- for the same schemas the dashboard does. Otherwise the doctrine registry decides
-- (advisor.exposed_schemas(), catalog.schemas.exposed), which `ssot check` keeps equal to the
-- authenticator's pgrst.db_schemas.
create or replace function advisor.api_schemas() returns name[]
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select case
    when pg_catalog.btrim(coalesce(pg_catalog.current_setting('pgrst.db_schemas', true), '')) = '' then advisor.exposed_schemas()
    else (select coalesce(pg_catalog.array_agg(pg_catalog.btrim(s)::name), '{}')
            from pg_catalog.unnest(pg_catalog.string_to_array(pg_catalog.current_setting('pgrst.db_schemas', true), ',')) s
           where pg_catalog.btrim(s) <> '')
  end
$$;
comment on function advisor.api_schemas() is 'The exposed schemas for the splinter-named lints: the session''s pgrst.db_schemas when set (as Supabase Studio runs splinter), else the doctrine registry (advisor.exposed_schemas()).';
revoke execute on function advisor.api_schemas() from public;
