-- ops.outbox_pump: reconcile, then dispatch: what the outbox-pump cron job and `ssot net worker` run.
create or replace function ops.outbox_pump(batch_size int default 100)
returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  settled int;
  dispatched int;
begin
  settled := ops.outbox_reconcile(batch_size * 5);
  dispatched := ops.outbox_dispatch(batch_size);
  return pg_catalog.jsonb_build_object('settled', settled, 'dispatched', dispatched);
end
$$;
comment on function ops.outbox_pump(int) is 'One outbox cycle: settle answered requests, then dispatch due ones; returns {settled, dispatched}.';
revoke execute on function ops.outbox_pump(int) from public;
