--! Previous: sha1:3dce064b0310a0bbc2543eb6691f0fb082b2088b
--! Hash: sha1:83973a39378bc479fc2d04512bcb457a3d401b2d
--! Message: the Odoo bridge: instances, webhook events, event log, cursors, mappings, mirror summary, odoo_seed

-- The Odoo bridge (SPEC C9): instances, signed webhook events and their processing log, sync
-- cursors, entity mappings, the mirror summary of invoices, and odoo_seed (canonical projects and
-- tasks pushed to Odoo, shadows of Odoo's state, sync runs). Functions, views and policies live in
-- db/functions/{odoo,odoo_seed,public} and db/policies. Drops first, in reverse order.
drop table if exists mirror.odoo_account_moves;
drop table if exists odoo_seed.sync_runs;
drop table if exists odoo_seed.shadow_tasks;
drop table if exists odoo_seed.shadow_projects;
drop table if exists odoo_seed.tasks;
drop table if exists odoo_seed.projects;
drop table if exists odoo_seed.programs;
drop table if exists odoo.entity_mappings;
drop table if exists odoo.sync_cursors;
drop table if exists odoo.event_log;
drop table if exists odoo.webhook_events;
drop table if exists odoo.instances;
drop sequence if exists odoo.webhook_rejected_ss401, odoo.webhook_rejected_ss402, odoo.webhook_rejected_ss403,
  odoo.webhook_rejected_ss404, odoo.webhook_rejected_ss405, odoo.webhook_rejected_ss406, odoo.webhook_rejected_ss407,
  odoo.webhook_rejected_ss408, odoo.webhook_rejected_ss409, odoo.webhook_rejected_ss410, odoo.webhook_rejected_ss411,
  odoo.webhook_rejected_ss412, odoo.webhook_rejected_ss413, odoo.webhook_rejected_ss414;

-- ---------------------------------------------------------------------------------------------
-- odoo: the bridge
-- ---------------------------------------------------------------------------------------------
create table odoo.instances (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  name text not null,
  base_url text check (base_url is null or base_url ~ '^https?://'),
  database text,
  webhook_secret_name text not null check (length(webhook_secret_name) between 1 and 200),
  max_body_bytes integer not null default 262144 check (max_body_bytes between 1 and 10485760),
  active boolean not null default true,
  created_at timestamptz not null default now()
);
comment on table odoo.instances is 'Odoo instances that send webhooks. The signing secret lives in the vault under webhook_secret_name; never here.';
comment on column odoo.instances.slug is 'What the sender puts in the x-ipai-instance header.';
comment on column odoo.instances.webhook_secret_name is 'Name of the vault secret (vault.secrets.name) holding the HMAC key.';
comment on column odoo.instances.max_body_bytes is 'Largest accepted webhook body, in bytes (UTF-8).';
alter table odoo.instances enable row level security;

create table odoo.webhook_events (
  id uuid primary key default gen_random_uuid(),
  instance_id uuid not null references odoo.instances (id) on delete cascade,
  event_type text not null,
  aggregate_type text not null,
  aggregate_id text not null,
  payload jsonb not null,
  idempotency_key text not null,
  body_sha256 bytea not null,
  signed_at timestamptz not null,
  received_at timestamptz not null default now(),
  status text not null default 'pending' check (status in ('pending', 'processing', 'completed', 'failed', 'dead')),
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 5 check (max_attempts >= 1),
  next_attempt_at timestamptz not null default now(),
  locked_by text,
  locked_pid integer,
  locked_backend_start timestamptz,
  locked_until timestamptz,
  last_error text,
  completed_at timestamptz,
  unique (instance_id, idempotency_key),
  check ((status = 'processing') = (locked_by is not null))
);
create index webhook_events_instance_id_idx on odoo.webhook_events (instance_id);
create index webhook_events_due_idx on odoo.webhook_events (next_attempt_at, id) where status in ('pending', 'failed');
create index webhook_events_processing_idx on odoo.webhook_events (locked_until) where status = 'processing';
create index webhook_events_aggregate_idx on odoo.webhook_events (aggregate_type, aggregate_id);
comment on table odoo.webhook_events is 'Signed webhook events from Odoo: pending -> processing -> completed | failed (retried with backoff) -> dead.';
comment on column odoo.webhook_events.idempotency_key is 'x-idempotency-key, or the signature when absent: a replay returns the first id.';
comment on column odoo.webhook_events.locked_pid is 'Backend pid of the worker that holds the claim; a vanished backend frees it at once.';
comment on column odoo.webhook_events.locked_until is 'Lease end: past it, any worker may reclaim the event.';
alter table odoo.webhook_events enable row level security;

create table odoo.event_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default clock_timestamp(),
  event_id uuid not null references odoo.webhook_events (id) on delete cascade,
  action text not null check (action in ('claimed', 'reclaimed', 'completed', 'failed', 'dead', 'skipped')),
  worker text,
  attempt integer,
  detail jsonb not null default '{}'
);
create index event_log_event_id_idx on odoo.event_log (event_id);
comment on table odoo.event_log is 'What happened to each webhook event while it was processed (claims, outcomes, errors).';
alter table odoo.event_log enable row level security;

create table odoo.sync_cursors (
  instance_id uuid not null references odoo.instances (id) on delete cascade,
  model text not null check (model ~ '^[a-z_][a-z0-9_.]*$'),
  last_write_date timestamptz,
  last_id integer,
  last_synced_at timestamptz not null default now(),
  primary key (instance_id, model)
);
comment on table odoo.sync_cursors is 'Per instance and model, how far the last pull from Odoo got (write_date, id).';
alter table odoo.sync_cursors enable row level security;

create table odoo.entity_mappings (
  instance_id uuid not null references odoo.instances (id) on delete cascade,
  model text not null check (model ~ '^[a-z_][a-z0-9_.]*$'),
  odoo_id integer not null,
  external_ref text not null,
  updated_at timestamptz not null default now(),
  primary key (instance_id, model, odoo_id)
);
create index entity_mappings_external_ref_idx on odoo.entity_mappings (instance_id, model, external_ref);
comment on table odoo.entity_mappings is 'Odoo record id <-> our key (x_external_ref, or the login of res.users) per instance and model.';
alter table odoo.entity_mappings enable row level security;

-- Rejections roll back with their transaction, so they are counted with sequences (nextval is not
-- transactional). After a server crash a sequence may jump by up to 32: counts are a floor + 32.
create sequence odoo.webhook_rejected_ss401 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss402 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss403 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss404 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss405 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss406 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss407 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss408 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss409 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss410 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss411 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss412 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss413 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss414 minvalue 0 start 0;
comment on sequence odoo.webhook_rejected_ss401 is 'Webhook rejections SS401 (missing signature); read through odoo.v_webhook_rejections.';
comment on sequence odoo.webhook_rejected_ss402 is 'Webhook rejections SS402 (bad signature).';
comment on sequence odoo.webhook_rejected_ss403 is 'Webhook rejections SS403 (missing or malformed timestamp).';
comment on sequence odoo.webhook_rejected_ss404 is 'Webhook rejections SS404 (stale timestamp).';
comment on sequence odoo.webhook_rejected_ss405 is 'Webhook rejections SS405 (future timestamp).';
comment on sequence odoo.webhook_rejected_ss406 is 'Webhook rejections SS406 (missing instance header).';
comment on sequence odoo.webhook_rejected_ss407 is 'Webhook rejections SS407 (unknown instance).';
comment on sequence odoo.webhook_rejected_ss408 is 'Webhook rejections SS408 (inactive instance).';
comment on sequence odoo.webhook_rejected_ss409 is 'Webhook rejections SS409 (body over the size limit).';
comment on sequence odoo.webhook_rejected_ss410 is 'Webhook rejections SS410 (malformed JSON).';
comment on sequence odoo.webhook_rejected_ss411 is 'Webhook rejections SS411 (missing or invalid field).';
comment on sequence odoo.webhook_rejected_ss412 is 'Webhook rejections SS412 (instance secret missing from the vault).';
comment on sequence odoo.webhook_rejected_ss413 is 'Webhook rejections SS413 (malformed idempotency key).';
comment on sequence odoo.webhook_rejected_ss414 is 'Webhook rejections SS414 (idempotency key reused with another body).';

-- ---------------------------------------------------------------------------------------------
-- mirror: summaries of Odoo business data (Odoo stays canonical)
-- ---------------------------------------------------------------------------------------------
create table mirror.odoo_account_moves (
  instance_id uuid not null references odoo.instances (id) on delete cascade,
  odoo_id integer not null,
  name text,
  move_type text,
  state text,
  partner_name text,
  invoice_date date,
  currency text,
  amount_total numeric(18, 2),
  amount_residual numeric(18, 2),
  odoo_write_date timestamptz,
  synced_at timestamptz not null default now(),
  primary key (instance_id, odoo_id)
);
comment on table mirror.odoo_account_moves is 'Summary of Odoo account.move records, projected from webhook events; read-only copy.';
alter table mirror.odoo_account_moves enable row level security;

-- ---------------------------------------------------------------------------------------------
-- odoo_seed: canonical definitions (seed 004), shadows and sync runs
-- ---------------------------------------------------------------------------------------------
create table odoo_seed.programs (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]*$'),
  name text not null,
  program_type text not null default 'ppm' check (program_type in ('ppm', 'okr', 'logframe', 'portfolio')),
  parent_slug text references odoo_seed.programs (slug) on delete set null,
  active boolean not null default true
);
create index programs_parent_slug_idx on odoo_seed.programs (parent_slug);
comment on table odoo_seed.programs is 'Programs (OKR, logframe, portfolio, PPM) grouping canonical projects.';
alter table odoo_seed.programs enable row level security;

create table odoo_seed.projects (
  id uuid primary key default gen_random_uuid(),
  program_slug text references odoo_seed.programs (slug) on delete set null,
  external_ref text not null unique check (external_ref ~ '^[A-Za-z0-9_.-]+$'),
  name text not null,
  company_name text not null,
  manager_email text,
  visibility text not null default 'employees' check (visibility in ('followers', 'employees', 'portal', 'invited_users')),
  allow_dependencies boolean not null default true,
  odoo_project_id integer,
  sync_enabled boolean not null default true
);
create index projects_program_slug_idx on odoo_seed.projects (program_slug);
comment on table odoo_seed.projects is 'Canonical project definitions, pushed to Odoo project.project by x_external_ref.';
comment on column odoo_seed.projects.odoo_project_id is 'Written back by `ssot odoo seed`.';
alter table odoo_seed.projects enable row level security;

create table odoo_seed.tasks (
  id uuid primary key default gen_random_uuid(),
  project_external_ref text not null references odoo_seed.projects (external_ref) on delete cascade on update cascade,
  external_ref text not null unique check (external_ref ~ '^[A-Za-z0-9_.-]+$'),
  name text not null,
  stage_name text not null default 'To Do',
  tag_names text[] not null default '{}',
  assignee_email text,
  depends_on_refs text[] not null default '{}',
  odoo_task_id integer
);
create index tasks_project_external_ref_idx on odoo_seed.tasks (project_external_ref);
comment on table odoo_seed.tasks is 'Canonical task definitions, pushed to Odoo project.task by x_external_ref; dependencies in a second pass.';
comment on column odoo_seed.tasks.odoo_task_id is 'Written back by `ssot odoo seed`.';
alter table odoo_seed.tasks enable row level security;

create table odoo_seed.shadow_projects (
  odoo_id integer primary key,
  external_ref text,
  name text,
  company_name text,
  manager_login text,
  active boolean not null default true,
  synced_at timestamptz not null default now(),
  raw jsonb not null default '{}'
);
create index shadow_projects_external_ref_idx on odoo_seed.shadow_projects (external_ref);
comment on table odoo_seed.shadow_projects is 'Odoo project.project as last seen (pull or webhook); verification only.';
alter table odoo_seed.shadow_projects enable row level security;

create table odoo_seed.shadow_tasks (
  odoo_id integer primary key,
  external_ref text,
  project_odoo_id integer,
  name text,
  stage_name text,
  assignee_logins text[] not null default '{}',
  depend_on_ids integer[] not null default '{}',
  tag_names text[] not null default '{}',
  active boolean not null default true,
  synced_at timestamptz not null default now(),
  raw jsonb not null default '{}'
);
create index shadow_tasks_external_ref_idx on odoo_seed.shadow_tasks (external_ref);
create index shadow_tasks_project_odoo_id_idx on odoo_seed.shadow_tasks (project_odoo_id);
comment on table odoo_seed.shadow_tasks is 'Odoo project.task as last seen (pull or webhook); verification only.';
alter table odoo_seed.shadow_tasks enable row level security;

create table odoo_seed.sync_runs (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('seed', 'shadow')),
  odoo_url text,
  odoo_db text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  status text not null default 'running' check (status in ('running', 'success', 'partial', 'failed')),
  counts jsonb not null default '{}',
  results jsonb not null default '{}',
  error text
);
create index sync_runs_started_at_idx on odoo_seed.sync_runs (started_at desc);
comment on table odoo_seed.sync_runs is 'One row per seed push or shadow pull: counts and per-record actions (created, updated, unchanged, failed).';
alter table odoo_seed.sync_runs enable row level security;
