// The planted state of the report tests: 2 ERROR lints (one a table whose name holds a <script>), a
// stand-in for pg_cron's tables with runs (one failed, its message a <script>) and an outage, 3
// pending webhook events, exactly 1 drift row (seeds off, one orphan shadow) on one of two instances,
// one RAG document of 4 chunks, and a sealed event. Test databases have no pg_cron (only the test
// cluster's cron database does), so cron.job and cron.job_run_details are plain tables with pg_cron's
// columns, which is all ops.cron_job_health and the report read.
import type pg from "pg";

export const LINT_SCRIPT = `<script>window.__pwned=1</script>`;
export const CRON_SCRIPT = `<script>window.__pwned=2</script>`;
export const RAG_CHUNKS = 4;

export async function plant(c: pg.Client) {
  await c.query(`
    create table public."evil${LINT_SCRIPT}" (id int primary key);
    create table public.plain_no_rls (id int primary key);
    grant select on public."evil${LINT_SCRIPT}", public.plain_no_rls to anon;

    -- the test template declares no jobs (db/cron applies where pg_cron is): declare three
    insert into ops.cron_jobs (name, schedule, local_time, command, description, kind, enabled) values
      ('housekeeping-outbox-pump', '* * * * *', 'every minute', 'select 1', 'planted', 'housekeeping', true),
      ('housekeeping-event-seals', '*/10 * * * *', 'every 10 minutes', 'select 1', 'planted', 'housekeeping', true),
      ('ppm-reminders', '0 1 * * 1', 'Mondays 09:00 Asia/Manila', 'select 1', 'planted', 'n8n', false)
    on conflict (name) do nothing;
    create schema cron;
    create table cron.job (jobid bigint primary key, schedule text, command text, jobname text, active boolean not null default true);
    create table cron.job_run_details (jobid bigint, runid bigint primary key, job_pid int, database text,
      username text, command text, status text, return_message text, start_time timestamptz, end_time timestamptz);
    insert into cron.job (jobid, schedule, command, jobname, active)
      select row_number() over (order by name), schedule, 'select 1', name, enabled from ops.cron_jobs;
    insert into cron.job_run_details (runid, jobid, status, return_message, start_time, end_time)
      select r.runid, j.jobid, r.status, r.msg, now() - r.ago, now() - r.ago + interval '1 second'
        from cron.job j join (values
          (1, 'housekeeping-outbox-pump', 'succeeded', 'SELECT 1', interval '3 hours'),
          (2, 'housekeeping-outbox-pump', 'succeeded', 'SELECT 1', interval '2 hours'),
          (3, 'housekeeping-outbox-pump', 'failed', 'ERROR: ${CRON_SCRIPT}', interval '30 minutes'),
          (4, 'housekeeping-event-seals', 'succeeded', 'SELECT 1', interval '20 minutes'),
          (5, 'housekeeping-event-seals', 'succeeded', 'SELECT 1', interval '10 minutes')
        ) r(runid, name, status, msg, ago) on r.name = j.jobname;
    insert into ops.server_starts (started_at, down_since) values (now() - interval '5 hours', now() - interval '6 hours');

    insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at)
      select i.id, 'project.updated', 'project.project', n::text, '{}', 'report-test-' || n, sha256(n::text::bytea), now()
        from odoo.instances i, generate_series(1, 3) n where i.slug = 'odoo-prod';

    insert into odoo.instances (slug, name, webhook_secret_name) values ('odoo-staging', 'Odoo staging', 'odoo_webhook_secret');
    update odoo_seed.projects set sync_enabled = false;
    insert into odoo_seed.shadow_projects (instance_id, odoo_id, external_ref, name)
      select i.id, 4242, 'orphan-<b>ref</b>', 'Orphan <i>project</i>' from odoo.instances i where i.slug = 'odoo-prod';

    with d as (insert into rag.documents (source, title, content_sha256) values ('handbook', 'Handbook', encode(sha256('handbook'::bytea), 'hex')) returning id)
    insert into rag.chunks (document_id, ordinal, content) select d.id, n, 'chunk ' || n from d, generate_series(1, ${RAG_CHUNKS}) n;

    select ops.emit('report-test', 'planted', '{}');`);
  await c.query(`select ops.seal_events()`);
}
