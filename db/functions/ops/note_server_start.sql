-- ops.note_server_start: records the current start of the server and the last pg_cron run before
-- it (run by the @reboot job housekeeping-server-start; calling it again changes nothing, unless
-- the first call knew no run before the start and this one does).
create or replace function ops.note_server_start()
returns timestamptz
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  started timestamptz := pg_catalog.pg_postmaster_start_time();
  last_seen timestamptz;
begin
  if pg_catalog.to_regclass('cron.job_run_details') is not null then
    select max(d.start_time) into last_seen from cron.job_run_details d where d.start_time < started;
  end if;
  -- pg_cron also runs an @reboot job when it first sees it (a cron database created after the
  -- start): a later call may know the last run before the start where the first did not
  insert into ops.server_starts as s (started_at, down_since) values (started, last_seen)
  on conflict (started_at) do update set down_since = excluded.down_since
   where s.down_since is null and excluded.down_since is not null;
  return started;
end
$$;
comment on function ops.note_server_start() is 'Records this start of the server in ops.server_starts with the last pg_cron run before it; idempotent.';
revoke execute on function ops.note_server_start() from public;
