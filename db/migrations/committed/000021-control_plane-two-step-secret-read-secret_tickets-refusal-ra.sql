--! Previous: sha1:c07bafdb271d10d99919fd1c8e6b9bb6e383f36b
--! Hash: sha1:3cd65b73a0553e00224cbff333b70671640b693f
--! Message: control_plane: two-step secret read (secret_tickets), refusal rate limit (refusal_counters, access_log.suppressed_before), bounded access-log values; drops the one-call control_plane_get_secret_logged

-- Enter migration here (drops first, in reverse order: this file re-runs on every save)

-- The secret read becomes two steps (a logged ticket, then the value for a ticket committed by an
-- earlier transaction), refusals are rate-limited per subject and client IP, and every stored
-- request value is length-bounded. The one-call accessor could not keep its log row when the
-- caller rolled back, so it goes.
drop function if exists public.control_plane_get_secret_logged(text, text);
drop function if exists private.control_plane_get_secret_logged(text, text);
drop table if exists control_plane.secret_tickets cascade;
drop table if exists control_plane.refusal_counters cascade;
alter table control_plane.access_log drop constraint if exists access_log_bounded;
alter table control_plane.access_log drop column if exists suppressed_before;

alter table control_plane.access_log add column suppressed_before integer not null default 0 check (suppressed_before >= 0);
comment on column control_plane.access_log.suppressed_before is 'Refusals of the same subject and client IP that were counted but not logged (rate limit) since the previous logged refusal of that pair; 0 on every other row.';
-- new rows only (NOT VALID): rows written before the bounds are evidence too and stay as they are
alter table control_plane.access_log add constraint access_log_bounded check (
  coalesce(char_length(bot_id), 0) <= 63 and coalesce(char_length(secret_name), 0) <= 127
  and coalesce(char_length(reason), 0) <= 512 and char_length(db_role) <= 63
  and coalesce(char_length(jwt_sub), 0) <= 1536 and coalesce(char_length(jwt_bot_id), 0) <= 63
  and coalesce(char_length(client_ip), 0) <= 512 and coalesce(char_length(user_agent), 0) <= 1536
) not valid;
comment on constraint access_log_bounded on control_plane.access_log is 'Every stored value is bounded (the accessor refuses longer input before logging, and escapes and cuts header values); rows older than the bound are not checked.';

create table control_plane.refusal_counters (
  subject text not null check (char_length(subject) <= 1600),
  client_ip text not null check (char_length(client_ip) <= 512),
  window_start timestamptz not null,
  logged integer not null default 0 check (logged >= 0),
  pending_suppressed integer not null default 0 check (pending_suppressed >= 0),
  suppressed_total bigint not null default 0 check (suppressed_total >= 0),
  last_refused_at timestamptz not null default clock_timestamp(),
  primary key (subject, client_ip)
);
comment on table control_plane.refusal_counters is 'Rate limit of logged secret-read refusals per subject (JWT sub, else JWT bot, else database role) and client IP: the first refusals of a window are logged row by row, the rest only counted here (see control_plane.refusal_limit).';
comment on column control_plane.refusal_counters.window_start is 'Start of the current window (a refusal after it ended starts a new one).';
comment on column control_plane.refusal_counters.logged is 'Refusals logged in control_plane.access_log in the current window.';
comment on column control_plane.refusal_counters.pending_suppressed is 'Refusals counted but not logged since the last logged refusal of this pair; the next logged refusal carries it in access_log.suppressed_before.';
comment on column control_plane.refusal_counters.suppressed_total is 'All refusals of this pair ever counted without a log row.';
alter table control_plane.refusal_counters enable row level security;
revoke all on control_plane.refusal_counters from public, anon, authenticated, service_role;

create table control_plane.secret_tickets (
  ticket uuid primary key default gen_random_uuid(),
  access_log_id bigint not null,
  bot_id text not null,
  secret_name text not null,
  db_role text not null,
  jwt_sub text,
  jwt_bot_id text,
  created_xid xid8 not null default pg_current_xact_id(),
  expires_at timestamptz not null
);
create index secret_tickets_expires_at_idx on control_plane.secret_tickets (expires_at);
comment on table control_plane.secret_tickets is 'One-time tickets of the two-step secret read: issued with a committed access-log row by control_plane_request_secret, consumed by control_plane_redeem_secret, which releases the value only when the issuing transaction has committed (and is not its own).';
comment on column control_plane.secret_tickets.created_xid is 'Top-level transaction that issued the ticket: the value is released only when pg_xact_status says it committed.';
comment on column control_plane.secret_tickets.access_log_id is 'The access-log row that records the grant this ticket redeems.';
alter table control_plane.secret_tickets enable row level security;
revoke all on control_plane.secret_tickets from public, anon, authenticated, service_role;
