-- ops.cron_n8n: what each n8n cron job runs. Reads the job's webhook URL and the signing secret
-- from the vault (so a missing one fails the run, visibly, in cron.job_run_details), then queues a
-- JSON body through the durable outbox; the dispatcher signs every attempt with a fresh
-- x-ipai-timestamp and x-ipai-signature = hex HMAC-SHA256(timestamp || '.' || body).
create or replace function ops.cron_n8n(job_name text, extra jsonb default '{}'::jsonb)
returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  url_secret text := 'n8n_' || pg_catalog.replace(job_name, '-', '_') || '_url';
  signing_secret text := 'n8n_webhook_signing_secret';
  j ops.cron_jobs%rowtype;
begin
  select * into j from ops.cron_jobs c where c.name = job_name;
  if not found or j.kind <> 'n8n' then
    raise exception 'unknown n8n cron job "%"', job_name using errcode = 'SS303';
  end if;
  -- read both now: a job without its secrets fails at run time, not silently at delivery
  perform control_plane.secret_value(url_secret);
  perform control_plane.secret_value(signing_secret);
  if job_name = 'health-check' then
    -- what the database itself can say about its health, for the n8n workflow to alert on
    extra := pg_catalog.jsonb_build_object('health', pg_catalog.jsonb_build_object(
      'outbox_pending', (select count(*) from ops.outbox o where o.status in ('pending', 'dispatched')),
      'outbox_dead_24h', (select count(*) from ops.outbox o where o.status = 'dead' and o.created_at > pg_catalog.now() - interval '1 day'),
      'secret_refusals_15m', control_plane.refusals_since(pg_catalog.now() - interval '15 minutes'),
      'rotations_overdue', (select count(*) from control_plane.rotations_due r where r.state = 'overdue'),
      'server_started_at', pg_catalog.pg_postmaster_start_time())) || coalesce(extra, '{}'::jsonb);
  end if;
  return ops.outbox_enqueue(
    topic => 'n8n.' || job_name,
    body => pg_catalog.jsonb_build_object(
      'event_type', 'cron.' || pg_catalog.replace(job_name, '-', '_'),
      'job', job_name,
      'schedule_utc', j.schedule,
      'schedule_manila', j.local_time,
      'fired_at', pg_catalog.to_char(pg_catalog.now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      'database', pg_catalog.current_database()) || coalesce(extra, '{}'::jsonb),
    url_secret => url_secret,
    signing_secret => signing_secret,
    idempotency_key => job_name || '@' || pg_catalog.to_char(pg_catalog.now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI'));
end
$$;
comment on function ops.cron_n8n(text, jsonb) is 'Runs an n8n cron job (health-check adds outbox, refusal and rotation counts to the body): checks its webhook URL (vault n8n_<job>_url) and signing secret (n8n_webhook_signing_secret), then queues a signed JSON POST through ops.outbox; one per job per minute (idempotency key).';
revoke execute on function ops.cron_n8n(text, jsonb) from public;
