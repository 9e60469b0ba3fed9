--! Previous: sha1:1711a4e80f229d36b7ce7c08d6ca01253e3b9179
--! Hash: sha1:5fa5569c7f6bdeae04270b0b0a03d54913f5bc73
--! Message: ops.server_starts: every start of the server, for runs missed in every outage

-- Every start of the server, as pg_cron sees it: ops.cron_job_health counts the runs missed in each
-- outage, not only in the one before the current start.
drop table if exists ops.server_starts;
create table ops.server_starts (
  started_at timestamptz primary key,
  down_since timestamptz check (down_since is null or down_since <= started_at),
  recorded_at timestamptz not null default now()
);
comment on table ops.server_starts is 'Each start of the server (recorded by the @reboot job housekeeping-server-start): the outage lies between down_since and started_at.';
comment on column ops.server_starts.started_at is 'pg_postmaster_start_time() of that start.';
comment on column ops.server_starts.down_since is 'The last pg_cron run that started before the server did (NULL: none known): the server was down after it.';
comment on column ops.server_starts.recorded_at is 'When the start was recorded.';
alter table ops.server_starts enable row level security;
