-- odoo_seed.tg__sync_run_finished: a seed push or shadow pull that ends (its odoo_seed.sync_runs row
-- leaves 'running') is an event in ops.events: odoo_seed.seed_finished or odoo_seed.shadow_finished,
-- with the status, the instance and the counts (when they fit in 4 kB), never the per-record results.
-- `ssot odoo seed` and `ssot odoo shadow` write the row as the database owner; the trigger runs with
-- their rights (the owner of ops.events), so nothing else may call ops.emit through it.
create or replace function odoo_seed.tg__sync_run_finished()
returns trigger
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  perform ops.emit('odoo_seed', 'odoo_seed.' || new.kind || '_finished',
    pg_catalog.jsonb_build_object('status', new.status, 'instance_id', new.instance_id, 'odoo_db', pg_catalog.left(new.odoo_db, 200),
      'counts', case when pg_catalog.pg_column_size(new.counts) <= 4096 then new.counts end),
    'odoo_seed.sync_run', new.id::text);
  return null;
end
$$;
comment on function odoo_seed.tg__sync_run_finished() is 'Trigger function: emits odoo_seed.seed_finished or odoo_seed.shadow_finished to ops.events when a sync run leaves running.';
revoke execute on function odoo_seed.tg__sync_run_finished() from public;

create or replace trigger sync_run_finished
  after update of status on odoo_seed.sync_runs
  for each row when (old.status = 'running' and new.status <> 'running')
  execute function odoo_seed.tg__sync_run_finished();
comment on trigger sync_run_finished on odoo_seed.sync_runs is 'A seed push or shadow pull that ends emits an event to ops.events (odoo_seed.tg__sync_run_finished).';
