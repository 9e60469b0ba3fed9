-- ops.create_event_partitions: keeps monthly partitions of ops.events ahead of time (a pg_cron
-- housekeeping job calls it). Each partition gets the append-only statement trigger (statement
-- triggers are not inherited from the parent), RLS and the policy that says who reads it directly.
create or replace function ops.create_event_partitions(months_ahead int default 3)
returns setof text
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  m date := date_trunc('month', now() at time zone 'utc')::date;
  lo date;
  p text;
begin
  if months_ahead is null or months_ahead < 0 or months_ahead > 60 then
    raise exception 'ops.create_event_partitions: months_ahead must be between 0 and 60, got %', months_ahead using errcode = 'SS004';
  end if;
  for i in 0..months_ahead loop
    lo := (m + make_interval(months => i))::date;
    p := 'events_' || to_char(lo, 'YYYY_MM');
    continue when to_regclass(format('ops.%I', p)) is not null;
    execute format('create table ops.%I partition of ops.events for values from (%L) to (%L)',
      p, lo::timestamp at time zone 'utc', (lo + interval '1 month')::timestamp at time zone 'utc');
    execute format('create trigger _100_append_only_statement before update or delete or truncate on ops.%I for each statement execute function ops.tg__append_only()', p);
    execute format('alter table ops.%I enable row level security', p);
    -- the parent's policies do not apply to a partition read directly: state who may (as the parent)
    execute format('create policy events_service_read on ops.%I for select to service_role using (true)', p);
    execute format('comment on policy events_service_read on ops.%I is %L', p,
      'service_role reads the partition (it bypasses RLS, this states the intent); the log is written through ops.events.');
    execute format('revoke update, delete, truncate on ops.%I from public, current_user', p);
    execute format('comment on table ops.%I is %L', p, 'Partition of ops.events for ' || to_char(lo, 'YYYY-MM') || ' (UTC).');
    return next p;
  end loop;
end
$$;
comment on function ops.create_event_partitions(int) is 'Create the monthly partitions of ops.events from this month to months_ahead months ahead (UTC); returns the partitions created; SS004 on a bad argument.';
revoke execute on function ops.create_event_partitions(int) from public;
