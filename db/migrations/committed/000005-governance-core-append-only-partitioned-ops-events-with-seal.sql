--! Previous: sha1:a243975ebd60be4edc9ea9bd6f4f8a9454b17409
--! Hash: sha1:698596dbd5c4ac83bf78b6edf8692ce93b65ae52
--! Message: governance core: append-only partitioned ops.events with seals, advisor, catalog

-- Governance core: the append-only event log (ops.events, monthly partitions, chained seals), the
-- operational tables of ops, the advisor's checklist and findings, and the catalog of assets.
-- Drops first, in reverse order: this file re-runs on every save.
drop table if exists catalog.lineage;
drop table if exists catalog.assets;
drop table if exists advisor.findings;
drop table if exists advisor.runs;
drop table if exists advisor.checks;
drop table if exists ops.job_runs;
drop table if exists ops.health_checks;
drop table if exists ops.deployments;
drop table if exists ops.event_seals;
drop table if exists ops.events;
drop function if exists ops.tg__append_only();

------------------------------------------------------------------------------------------------
-- Append-only guard, shared by ops.events, its partitions and ops.event_seals.
------------------------------------------------------------------------------------------------
create function ops.tg__append_only() returns trigger
language plpgsql volatile
set search_path = ''
as $$
begin
  raise exception '% on %.% is refused: the log is append-only', tg_op, tg_table_schema, tg_table_name
    using errcode = 'SS010',
          hint = 'Write a new event with ops.emit(...) instead; only a superuser can bypass this, and the seals record it.';
end
$$;
comment on function ops.tg__append_only() is 'Trigger function refusing UPDATE, DELETE and TRUNCATE (SQLSTATE SS010): append-only tables.';
revoke execute on function ops.tg__append_only() from public;

------------------------------------------------------------------------------------------------
-- ops.events: partitioned by month of occurred_at.
------------------------------------------------------------------------------------------------
create table ops.events (
  id bigint generated always as identity,
  occurred_at timestamptz not null default now(),
  source text not null check (source <> '' and length(source) <= 200),
  event_type text not null check (event_type <> '' and length(event_type) <= 200),
  aggregate_type text check (length(aggregate_type) <= 200),
  aggregate_id text check (length(aggregate_id) <= 200),
  actor_role text not null default coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', session_user::text),
  actor_sub text default nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub',
  correlation_id uuid,
  payload jsonb not null default '{}' check (jsonb_typeof(payload) = 'object'),
  txid xid8 not null default pg_current_xact_id(),
  primary key (id, occurred_at)
) partition by range (occurred_at);
comment on table ops.events is 'Append-only event log (UPDATE/DELETE/TRUNCATE refused with SS010), partitioned by month; written with ops.emit(), sealed by ops.seal_events().';
comment on column ops.events.occurred_at is 'When the event happened; the partition key (one partition per calendar month, UTC).';
comment on column ops.events.source is 'The system or component that emitted the event, e.g. odoo.webhooks, cron.health.';
comment on column ops.events.event_type is 'What happened, dotted, e.g. secret.accessed, deployment.finished.';
comment on column ops.events.aggregate_type is 'Type of the entity the event is about (optional).';
comment on column ops.events.aggregate_id is 'Id of the entity the event is about (optional).';
comment on column ops.events.actor_role is 'The JWT role of the request, else the session user.';
comment on column ops.events.actor_sub is 'The JWT subject of the request, when there is one.';
comment on column ops.events.correlation_id is 'Ties together the events of one request or workflow.';
comment on column ops.events.payload is 'Event details (a JSON object).';
comment on column ops.events.txid is 'Top-level transaction id that wrote the row: seals cover finished transactions only, so sealing never waits for or blocks inserts.';
-- Only append-friendly indexes (both keys grow with time, so inserts touch the right-most pages and
-- the insert rate does not fall as the log grows). Lookups by aggregate or correlation id belong
-- in a read model, or an index on the partitions that need it.
create index events_txid_idx on ops.events (txid);

create trigger _100_append_only before update or delete on ops.events
  for each row execute function ops.tg__append_only();
create trigger _100_append_only_statement before update or delete or truncate on ops.events
  for each statement execute function ops.tg__append_only();
alter table ops.events enable row level security;

-- The first partitions (this month and three ahead); ops.create_event_partitions() keeps ahead.
do $$
declare
  m date := date_trunc('month', now() at time zone 'utc')::date;
  p text;
begin
  for i in 0..3 loop
    p := 'events_' || to_char(m + make_interval(months => i), 'YYYY_MM');
    execute format(
      'create table ops.%I partition of ops.events for values from (%L) to (%L)',
      p, (m + make_interval(months => i))::timestamp at time zone 'utc', (m + make_interval(months => i + 1))::timestamp at time zone 'utc');
    execute format('create trigger _100_append_only_statement before update or delete or truncate on ops.%I for each statement execute function ops.tg__append_only()', p);
    execute format('alter table ops.%I enable row level security', p);
    execute format('comment on table ops.%I is %L', p, 'Partition of ops.events for ' || to_char(m + make_interval(months => i), 'YYYY-MM') || ' (UTC).');
  end loop;
end
$$;

------------------------------------------------------------------------------------------------
-- ops.event_seals: a hash chain over batches of events.
------------------------------------------------------------------------------------------------
create table ops.event_seals (
  id bigint generated always as identity primary key,
  sealed_at timestamptz not null default now(),
  from_txid xid8 not null,
  to_txid xid8 not null,
  event_count bigint not null check (event_count >= 0),
  first_event_id bigint,
  last_event_id bigint,
  batch_digest bytea not null,
  prev_hash bytea,
  hash bytea not null unique,
  check (to_txid > from_txid)
);
comment on table ops.event_seals is 'Tamper-evident seals: each covers the events written by transactions with from_txid <= txid < to_txid and chains to the previous seal; verify with ops.verify_event_seals().';
comment on column ops.event_seals.from_txid is 'Lower bound (inclusive) of the transaction ids sealed: the previous seal''s to_txid.';
comment on column ops.event_seals.to_txid is 'Upper bound (exclusive): the oldest transaction still running when sealing, so every covered writer had finished.';
comment on column ops.event_seals.batch_digest is 'sha256 over the covered events in id order.';
comment on column ops.event_seals.hash is 'sha256(prev_hash, range, count, batch_digest): the chain.';
create unique index event_seals_to_txid_idx on ops.event_seals (to_txid);
create trigger _100_append_only before update or delete on ops.event_seals
  for each row execute function ops.tg__append_only();
create trigger _100_append_only_statement before update or delete or truncate on ops.event_seals
  for each statement execute function ops.tg__append_only();
alter table ops.event_seals enable row level security;

------------------------------------------------------------------------------------------------
-- Deployments, health checks, job runs.
------------------------------------------------------------------------------------------------
create table ops.deployments (
  id bigint generated always as identity primary key,
  environment text not null check (environment in ('preview', 'staging', 'production')),
  service text not null check (service <> ''),
  version text not null check (version <> ''),
  git_ref text,
  status text not null default 'started' check (status in ('started', 'succeeded', 'failed', 'rolled_back')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  evidence jsonb not null default '{}' check (jsonb_typeof(evidence) = 'object'),
  check (finished_at is null or finished_at >= started_at)
);
comment on table ops.deployments is 'Deployments per environment and service, with their evidence pack (logs, health checks).';
comment on column ops.deployments.evidence is 'Links and facts collected for the deploy (logs, health gate results).';
create index deployments_env_started_idx on ops.deployments (environment, started_at desc);
alter table ops.deployments enable row level security;

create table ops.health_checks (
  id bigint generated always as identity primary key,
  target text not null check (target <> ''),
  checked_at timestamptz not null default now(),
  status text not null check (status in ('ok', 'degraded', 'down')),
  latency_ms integer check (latency_ms >= 0),
  detail jsonb not null default '{}' check (jsonb_typeof(detail) = 'object'),
  deployment_id bigint references ops.deployments (id) on delete set null
);
comment on table ops.health_checks is 'Results of health checks against platform targets (e.g. /api/health after a deploy).';
comment on column ops.health_checks.deployment_id is 'The deployment this check gated, when it was a post-deploy gate.';
create index health_checks_target_idx on ops.health_checks (target, checked_at desc);
create index health_checks_deployment_idx on ops.health_checks (deployment_id);
alter table ops.health_checks enable row level security;

create table ops.job_runs (
  id bigint generated always as identity primary key,
  job_name text not null check (job_name <> ''),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  detail jsonb not null default '{}' check (jsonb_typeof(detail) = 'object'),
  check (finished_at is null or finished_at >= started_at)
);
comment on table ops.job_runs is 'Runs of platform jobs (housekeeping, syncs) as the jobs themselves record them.';
create index job_runs_job_idx on ops.job_runs (job_name, started_at desc);
alter table ops.job_runs enable row level security;

------------------------------------------------------------------------------------------------
-- advisor: the hardening checklist (seeded), runs and findings.
------------------------------------------------------------------------------------------------
create table advisor.checks (
  id text primary key check (id ~ '^[a-z0-9_]+$'),
  area text not null check (area <> ''),
  item text not null check (item <> ''),
  priority text not null check (priority in ('Critical', 'High', 'Medium')),
  evaluation text not null check (evaluation in ('database', 'manual')),
  how text not null check (how <> '')
);
comment on table advisor.checks is 'The production hardening checklist (db/seeds): item, area, priority; evaluation says whether the database can see it or it is manual.';
comment on column advisor.checks.evaluation is 'database: advisor.run_checks() evaluates it; manual: outside the database (nginx, Vercel …), never faked.';
comment on column advisor.checks.how is 'What the check looks at, or for manual items how a person verifies it.';
alter table advisor.checks enable row level security;

create table advisor.runs (
  id bigint generated always as identity primary key,
  started_at timestamptz not null default now(),
  failed_critical integer not null default 0
);
comment on table advisor.runs is 'One row per advisor.run_checks() call.';
alter table advisor.runs enable row level security;

create table advisor.findings (
  run_id bigint not null references advisor.runs (id) on delete cascade,
  check_id text not null references advisor.checks (id) on delete cascade,
  status text not null check (status in ('pass', 'fail', 'warn', 'manual')),
  detail text not null,
  primary key (run_id, check_id)
);
comment on table advisor.findings is 'The status of every checklist item in one run (pass / fail / warn / manual) with a detail line.';
create index findings_check_idx on advisor.findings (check_id);
alter table advisor.findings enable row level security;

------------------------------------------------------------------------------------------------
-- catalog: assets by FQDN system.db.model, and lineage edges.
------------------------------------------------------------------------------------------------
create table catalog.assets (
  fqdn text primary key check (fqdn ~ '^[a-z][a-z0-9_-]*\.[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_.]*$'),
  asset_type text not null check (asset_type in ('table', 'view', 'materialized_view', 'function', 'model', 'dataset', 'dashboard', 'workflow', 'external')),
  system text not null generated always as (split_part(fqdn, '.', 1)) stored,
  description text,
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
  registered_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table catalog.assets is 'Asset registry keyed by FQDN system.db.model (e.g. supabase.ops.events, odoo.odoo.account_move).';
comment on column catalog.assets.fqdn is 'system.db.model: lowercase system name, database/schema, model or relation (dots allowed after the second part).';
comment on column catalog.assets.system is 'The first part of the FQDN (supabase, odoo, …).';
create index assets_system_idx on catalog.assets (system);
alter table catalog.assets enable row level security;

create table catalog.lineage (
  upstream text not null references catalog.assets (fqdn) on delete cascade,
  downstream text not null references catalog.assets (fqdn) on delete cascade,
  relation text not null default 'derives' check (relation in ('derives', 'mirrors', 'reads', 'writes')),
  primary key (upstream, downstream, relation),
  check (upstream <> downstream)
);
comment on table catalog.lineage is 'Lineage edges between assets: downstream derives from / mirrors / reads / writes upstream.';
create index lineage_downstream_idx on catalog.lineage (downstream);
alter table catalog.lineage enable row level security;
