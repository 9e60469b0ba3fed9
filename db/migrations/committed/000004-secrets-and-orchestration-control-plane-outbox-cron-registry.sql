--! Previous: sha1:83973a39378bc479fc2d04512bcb457a3d401b2d
--! Hash: sha1:a243975ebd60be4edc9ea9bd6f4f8a9454b17409
--! Message: secrets and orchestration: control plane, outbox, cron registry

-- Secrets and orchestration: the control plane (bots, secret registry, grants, access log), the
-- durable outbox in front of net.http_post, and the cron job registry (jobs as data).
-- Drops first, in reverse order: this file re-runs on every save.
drop table if exists ops.cron_jobs cascade;
drop table if exists ops.outbox_attempts cascade;
drop table if exists ops.outbox cascade;
drop table if exists control_plane.access_log cascade;
drop function if exists control_plane.tg__append_only() cascade;
drop table if exists control_plane.rotations cascade;
drop table if exists control_plane.secret_grants cascade;
drop table if exists control_plane.secrets cascade;
drop table if exists control_plane.bots cascade;

-- control_plane ---------------------------------------------------------------------------------

create table control_plane.bots (
  bot_id text primary key check (bot_id ~ '^[a-z][a-z0-9-]{1,62}$'),
  display_name text not null,
  description text not null default '',
  active boolean not null default true,
  created_at timestamptz not null default now()
);
comment on table control_plane.bots is 'The bots (automation identities) that may read secrets; a JWT names its bot in the bot_id claim.';
alter table control_plane.bots enable row level security;

create table control_plane.secrets (
  name text primary key check (name ~ '^[a-z][a-z0-9_]{1,126}$'),
  vault_secret_id uuid unique,
  owner text not null,
  cadence text not null check (cadence in ('quarterly', 'annually')),
  description text not null default '',
  last_rotated_at timestamptz,
  created_at timestamptz not null default now()
);
comment on table control_plane.secrets is 'The secret registry: name -> vault secret (vault.secrets.id), owner, rotation cadence, last rotation. Never a value.';
comment on column control_plane.secrets.vault_secret_id is 'vault.secrets.id once a value is set (ssot secret set); NULL while the secret has no value. No FK: the vault belongs to supabase_vault on Supabase.';
alter table control_plane.secrets enable row level security;

create table control_plane.secret_grants (
  bot_id text not null references control_plane.bots (bot_id) on delete cascade,
  secret_name text not null references control_plane.secrets (name) on delete cascade,
  granted_at timestamptz not null default now(),
  primary key (bot_id, secret_name)
);
create index secret_grants_secret_name_idx on control_plane.secret_grants (secret_name);
comment on table control_plane.secret_grants is 'Which bot may read which secret through control_plane_get_secret_logged.';
alter table control_plane.secret_grants enable row level security;

create table control_plane.rotations (
  id bigint generated always as identity primary key,
  secret_name text not null references control_plane.secrets (name) on delete cascade,
  kind text not null check (kind in ('initial', 'rotation')),
  rotated_at timestamptz not null default now(),
  rotated_by text not null default current_user
);
create index rotations_secret_name_idx on control_plane.rotations (secret_name, rotated_at desc);
comment on table control_plane.rotations is 'Every time a secret value was set or rotated (never the value).';
alter table control_plane.rotations enable row level security;

create function control_plane.tg__append_only() returns trigger
language plpgsql
as $$
begin
  raise exception '%.% is append-only: % is refused', tg_table_schema, tg_table_name, tg_op
    using errcode = 'SS210', hint = 'the access log is evidence; write new rows instead';
end
$$;
comment on function control_plane.tg__append_only() is 'Refuses UPDATE, DELETE and TRUNCATE on append-only control-plane tables (SS210).';

create table control_plane.access_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default clock_timestamp(),
  bot_id text,
  secret_name text,
  access_type text not null check (access_type in ('read', 'set', 'rotate', 'dispatch')),
  outcome text not null check (outcome in ('granted', 'refused')),
  reason text,
  db_role text not null,
  jwt_sub text,
  jwt_bot_id text,
  client_ip text,
  user_agent text
);
create index access_log_secret_at_idx on control_plane.access_log (secret_name, at);
create index access_log_bot_at_idx on control_plane.access_log (bot_id, at);
comment on table control_plane.access_log is 'Append-only log of every secret access, granted or refused, with the PostgREST client IP and user agent. No FK: refused attempts name unknown bots too.';
alter table control_plane.access_log enable row level security;
create trigger _100_append_only_row before update or delete on control_plane.access_log
  for each row execute function control_plane.tg__append_only();
create trigger _100_append_only_truncate before truncate on control_plane.access_log
  for each statement execute function control_plane.tg__append_only();

-- ops: the outbox --------------------------------------------------------------------------------

create table ops.outbox (
  id bigint generated always as identity primary key,
  topic text not null,
  url text,
  url_secret text,
  signing_secret text,
  headers jsonb not null default '{}',
  body jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'dispatched', 'delivered', 'dead')),
  attempts int not null default 0,
  max_attempts int not null default 5 check (max_attempts between 1 and 100),
  backoff_base interval not null default '30 seconds',
  timeout_milliseconds int not null default 5000 check (timeout_milliseconds between 1 and 300000),
  next_attempt_at timestamptz not null default now(),
  net_request_id bigint,
  dispatched_at timestamptz,
  last_status_code int,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  idempotency_key text unique,
  check (url is not null or url_secret is not null)
);
create index outbox_pending_idx on ops.outbox (next_attempt_at) where status = 'pending';
create index outbox_dispatched_idx on ops.outbox (net_request_id) where status = 'dispatched';
comment on table ops.outbox is 'Durable (logged) outgoing HTTP requests: pending -> dispatched (handed to net.http_post) -> delivered | pending again (retry with backoff) | dead (gave up). pg_net''s queue and responses are unlogged; this is what survives a crash.';
comment on column ops.outbox.url_secret is 'Name of a vault secret holding the URL (resolved at dispatch), when the URL itself is sensitive.';
comment on column ops.outbox.signing_secret is 'Name of a vault secret: when set, each attempt is signed (x-ipai-signature = hex HMAC-SHA256 of timestamp + "." + body).';
alter table ops.outbox enable row level security;

create table ops.outbox_attempts (
  id bigint generated always as identity primary key,
  outbox_id bigint not null references ops.outbox (id) on delete cascade,
  attempt int not null,
  net_request_id bigint,
  status_code int,
  timed_out boolean not null default false,
  error text,
  outcome text not null check (outcome in ('delivered', 'retry', 'dead', 'lost')),
  at timestamptz not null default now()
);
create index outbox_attempts_outbox_id_idx on ops.outbox_attempts (outbox_id, attempt);
comment on table ops.outbox_attempts is 'One row per finished delivery attempt of an outbox row (status code, timeout, error).';
alter table ops.outbox_attempts enable row level security;

-- ops: cron jobs as data ---------------------------------------------------------------------------

create table ops.cron_jobs (
  name text primary key check (name ~ '^[a-z][a-z0-9-]{1,62}$'),
  schedule text not null,
  local_time text not null,
  command text not null,
  description text not null,
  kind text not null check (kind in ('n8n', 'housekeeping')),
  enabled boolean not null default false,
  declared_at timestamptz not null default now(),
  enabled_changed_at timestamptz
);
comment on table ops.cron_jobs is 'Cron jobs declared by db/cron/*.sql (reconciled by name into pg_cron); `enabled` is operator state (ssot cron enable|disable), kept across re-declarations.';
comment on column ops.cron_jobs.schedule is 'pg_cron schedule in UTC (pg_cron 1.4 runs in UTC).';
comment on column ops.cron_jobs.local_time is 'The same schedule in Manila time, for people.';
alter table ops.cron_jobs enable row level security;
