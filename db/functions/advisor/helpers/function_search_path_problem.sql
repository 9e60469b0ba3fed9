-- advisor.function_search_path_problem: the one rule for a function's pinned search_path, shared by the
-- doctrine check definer_search_path and the lint function_search_path_unsafe. A function must
-- pin search_path, and the pinned list must end with pg_temp: PostgreSQL searches the session's
-- temporary schema first for table and type names unless the path lists it, so `search_path = ''`
-- still lets a caller shadow `text` or a table with a temporary object of their own.
create or replace function advisor.function_search_path_problem(config text[])
returns text
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  with pinned as (
    select array_remove(array(select btrim(btrim(x), '"') from unnest(string_to_array(substr(c, 13), ',')) x), '') as path
    from unnest(config) c
    where c like 'search_path=%'
    limit 1
  )
  select case
    when not exists (select from pinned) then 'no fixed search_path'
    when (select cardinality(path) from pinned) = 0
      then 'search_path is empty, so the caller''s temporary schema (pg_temp) is searched first for tables and types'
    when not (select 'pg_temp' = any (path) from pinned)
      then format('search_path %s does not list pg_temp, so the caller''s temporary schema is searched first for tables and types',
                  (select array_to_string(path, ', ') from pinned))
    when (select path[cardinality(path)] from pinned) <> 'pg_temp'
      then format('search_path %s lists pg_temp before other schemas; it must come last',
                  (select array_to_string(path, ', ') from pinned))
  end
$$;
comment on function advisor.function_search_path_problem(text[]) is 'NULL when a function''s settings (pg_proc.proconfig) pin a search_path ending with pg_temp; otherwise what is wrong with it.';
revoke execute on function advisor.function_search_path_problem(text[]) from public;
