-- ops.backoff: the one retry delay of the platform's queues: base * 2^(attempt-1), capped, for the
-- webhook queue (odoo.run_webhook_event: 10 s doubling, capped at 1 h) and the outbox
-- (ops.outbox_record_failure: the row's backoff_base, 30 s by default, capped at 1 h). The first
-- attempt waits base; an attempt below 1 counts as the first. The doubling is compared in seconds
-- before it is made an interval, so a large attempt gives the cap instead of an interval overflow.
create or replace function ops.backoff(attempt integer, base interval, cap interval)
returns interval
language plpgsql immutable strict parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  n integer := least(greatest(attempt - 1, 0), 1000);
begin
  if base < interval '0' or cap < interval '0' then
    raise exception 'backoff base and cap must not be negative, got base % and cap %', base, cap
      using errcode = 'SS241', hint = 'e.g. ops.backoff(attempt, interval ''10 seconds'', interval ''1 hour'')';
  end if;
  if extract(epoch from base) * pg_catalog.power(2::double precision, n) >= extract(epoch from cap) then
    return cap;
  end if;
  return base * pg_catalog.power(2::double precision, n);
end
$$;
comment on function ops.backoff(integer, interval, interval) is 'Retry delay of a queue: base * 2^(attempt-1), at most cap (attempt < 1 counts as 1); SS241 for a negative base or cap.';
revoke execute on function ops.backoff(integer, interval, interval) from public, anon, authenticated;
