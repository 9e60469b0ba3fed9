-- private.control_plane_request_secret: the SECURITY DEFINER body of step 1 of the secret read,
-- public.control_plane_request_secret (the public function is a SECURITY INVOKER wrapper; this schema
-- is not exposed). Step 2 is private.control_plane_redeem_secret.
--
-- Why two steps: a value returned in the transaction that writes its log row can outlive that row,
-- since the caller may roll back (raw SQL `begin; select ...; rollback;`, PostgREST
-- `Prefer: tx=rollback`), and PostgreSQL has no autonomous transaction without dblink. So step 1
-- returns no value: it checks the caller, writes the access-log row and a one-time ticket (valid
-- 30 s) in the caller's transaction and returns the ticket. Step 2 releases the value only for a
-- ticket whose issuing transaction has committed and is not its own; rolling step 1 back takes the
-- ticket with the log row.
--
-- Allowed for service_role, or for a JWT whose `bot_id` claim (or app_metadata.bot_id) names the
-- bot asked for; the bot must exist, be active and hold a grant on a secret that has a value.
--
-- Input is bounded before any work or logging, each with its own SQLSTATE: SS250 bot_id (the pattern
-- of control_plane.bots, at most 63 characters), SS251 secret_name (the pattern of
-- control_plane.secrets, at most 127), SS221 ssot.access_log_commit, then the request context
-- (SS252 claims, SS253 headers, SS254 a long JWT claim, SS255 ssot.client_ip_header). Such a call
-- raises and leaves nothing behind.
--
-- A refusal returns NULL (with a WARNING naming SQLSTATE SS220 and the reason) instead of raising,
-- so that the refusal's log row commits with the request; refusals are logged under a rate limit per
-- subject and client IP (control_plane.log_refusal).
--
-- Durability of the log row, `ssot.access_log_commit`:
--   'sync'  (the default) the transaction commits with synchronous_commit as configured, raised to
--           'local' when it is off: the commit record is flushed before the ticket becomes visible
--           to step 2, so a released value always has its log row on disk.
--   'async' (opt-in) a transaction that wrote nothing before this call commits without waiting for
--           the WAL flush (the WAL writer flushes within 3 x wal_writer_delay, 600 ms by default): a
--           crash of the server in that window can lose the log row of a value released just before.
-- Any other value raises SS221 before anything is read or logged.
create or replace function private.control_plane_request_secret(bot_id text, secret_name text)
returns uuid
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  commit_mode text := coalesce(nullif(pg_catalog.current_setting('ssot.access_log_commit', true), ''), 'sync');
  ctx record;
  found_bot boolean;
  bot_active boolean;
  granted boolean;
  has_value boolean;
  reason text;
  log_id bigint;
  new_ticket uuid;
  cutoff timestamptz;
begin
  if bot_id is null or pg_catalog.char_length(bot_id) > 63 or bot_id !~ '^[a-z][a-z0-9-]{1,62}$' then
    raise exception 'bot_id must match ^[a-z][a-z0-9-]{1,62}$ (got % characters)', coalesce(pg_catalog.char_length(bot_id), 0)
      using errcode = 'SS250';
  end if;
  if secret_name is null or pg_catalog.char_length(secret_name) > 127 or secret_name !~ '^[a-z][a-z0-9_]{1,126}$' then
    raise exception 'secret_name must match ^[a-z][a-z0-9_]{1,126}$ (got % characters)', coalesce(pg_catalog.char_length(secret_name), 0)
      using errcode = 'SS251';
  end if;
  if commit_mode not in ('async', 'sync') then
    raise exception 'ssot.access_log_commit must be sync or async'
      using errcode = 'SS221', hint = 'reset it (sync), or set it to async to skip waiting for the log row''s WAL flush';
  end if;
  select * into ctx from control_plane.request_context();

  if ctx.db_role <> 'service_role' and ctx.jwt_bot_id is distinct from bot_id then
    reason := case when ctx.jwt_bot_id is null then 'caller is neither service_role nor a bot JWT'
                   else pg_catalog.format('JWT names bot %s, not %s', ctx.jwt_bot_id, bot_id) end;
  else
    select true, b.active, g.bot_id is not null,
           s.vault_secret_id is not null and exists (select from vault.secrets v where v.id = s.vault_secret_id)
      into found_bot, bot_active, granted, has_value
      from control_plane.bots b
      left join control_plane.secret_grants g on g.bot_id = b.bot_id and g.secret_name = control_plane_request_secret.secret_name
      left join control_plane.secrets s on s.name = g.secret_name
     where b.bot_id = control_plane_request_secret.bot_id;
    reason := case
      when found_bot is null then 'unknown bot'
      when not bot_active then 'bot is inactive'
      when not granted then 'no grant for this bot on this secret'
      when not has_value then 'secret has no value yet'
    end;
  end if;

  -- async only for a transaction that wrote nothing before this call (a PostgREST RPC request): a
  -- caller's own earlier writes keep the durability they were made with
  if commit_mode = 'async' then
    if pg_catalog.pg_current_xact_id_if_assigned() is null then
      perform pg_catalog.set_config('synchronous_commit', 'off', true);
    end if;
  elsif pg_catalog.current_setting('synchronous_commit') = 'off' then
    perform pg_catalog.set_config('synchronous_commit', 'local', true);
  end if;

  if reason is not null then
    perform control_plane.log_refusal(bot_id, secret_name, reason, ctx.db_role, ctx.jwt_sub, ctx.jwt_bot_id, ctx.client_ip, ctx.user_agent);
    raise warning 'control_plane_request_secret refused: %', reason
      using errcode = 'SS220', hint = 'the attempt was logged in control_plane.access_log (or counted, past the refusal rate limit)';
    return null;
  end if;

  insert into control_plane.access_log (bot_id, secret_name, access_type, outcome, reason, db_role, jwt_sub, jwt_bot_id, client_ip, user_agent)
  values (bot_id, secret_name, 'read', 'granted', 'ticket issued', ctx.db_role, ctx.jwt_sub, ctx.jwt_bot_id, ctx.client_ip, ctx.user_agent)
  returning id into log_id;
  insert into control_plane.secret_tickets (access_log_id, bot_id, secret_name, db_role, jwt_sub, jwt_bot_id, expires_at)
  values (log_id, bot_id, secret_name, ctx.db_role, ctx.jwt_sub, ctx.jwt_bot_id, pg_catalog.clock_timestamp() + interval '30 seconds')
  returning ticket into new_ticket;
  -- tickets never redeemed (redeemed ones are deleted by the redeem): about one call in 64 removes up
  -- to 64 expired ones, so the hot path does not scan the index's not yet vacuumed entries every time
  -- (the cut-off is computed first: compared with the volatile clock_timestamp() itself, expires_at
  -- could not use its index and every cleanup would read the whole table)
  if pg_catalog.random() < 1.0 / 64 then
    cutoff := pg_catalog.clock_timestamp() - interval '1 minute';
    delete from control_plane.secret_tickets t
     where t.ticket in (select x.ticket from control_plane.secret_tickets x
                         where x.expires_at < cutoff
                         limit 64 for update skip locked);
  end if;
  return new_ticket;
end
$$;
comment on function private.control_plane_request_secret(text, text) is 'RPC: the body of public.control_plane_request_secret (step 1 of a secret read): checks the caller (service_role, or the bot its JWT names, active and granted), logs the access and returns a one-time ticket valid 30 s; a refusal is logged (rate-limited) and returns NULL (WARNING SS220). Bad input raises SS250/SS251/SS221/SS252-SS255 before anything is logged.';
revoke execute on function private.control_plane_request_secret(text, text) from public, anon, authenticated;
grant execute on function private.control_plane_request_secret(text, text) to authenticated, service_role;
