-- odoo-process-webhooks: every minute (UTC; timezone-free), process one batch of due Odoo webhook
-- events in the database (odoo.process_webhook_batch). Created inactive: enable it when no
-- `ssot odoo process` worker runs (both may run together; skip locked keeps them apart).
-- Re-applying keeps the job's active flag and updates its schedule and command.
do $$
declare
  job bigint := (select jobid from cron.job where jobname = 'odoo-process-webhooks');
begin
  if job is null then
    job := cron.schedule_in_database('odoo-process-webhooks', '* * * * *',
             $cmd$select odoo.process_webhook_batch('pg_cron', 500)$cmd$, current_database(), null, false);
  else
    perform cron.alter_job(job, schedule := '* * * * *',
             command := $cmd$select odoo.process_webhook_batch('pg_cron', 500)$cmd$, database := current_database());
  end if;
end
$$;
