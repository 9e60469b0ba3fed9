-- advisor.check_pg_cron_enabled: the evaluator of "Scheduling runs in the database (pg_cron enabled)".
create or replace function advisor.check_pg_cron_enabled(arg text, out status text, out detail text)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
begin
  if exists (select from pg_catalog.pg_extension e where e.extname = 'pg_cron') then
    status := 'pass';
    detail := 'pg_cron is installed in this database';
  else
    status := 'fail';
    detail := case
      when pg_catalog.current_setting('cron.database_name', true) is null
        then 'pg_cron is not installed: no db/cron job runs (Supabase: enable pg_cron under Database → Extensions; elsewhere preload it and run the bootstrap as a superuser)'
      else pg_catalog.format('pg_cron lives in database %s, not in this one: no db/cron job of this database runs', pg_catalog.current_setting('cron.database_name', true)) end;
  end if;
end
$$;
comment on function advisor.check_pg_cron_enabled(text) is 'Checklist evaluator (advisor.checks.evaluator): the pg_cron extension is installed in this database, so the jobs of db/cron run. Takes no argument.';
revoke execute on function advisor.check_pg_cron_enabled(text) from public;
