-- private.control_plane_get_secret_logged: the SECURITY DEFINER body of the RPC
-- public.control_plane_get_secret_logged, the one way a bot reads a secret through PostgREST (the
-- public function is a SECURITY INVOKER wrapper; this schema is not exposed).
--
-- Allowed for service_role, or for a JWT whose `bot_id` claim (or app_metadata.bot_id) names the
-- bot asked for; the bot must exist, be active and hold a grant on the secret. Every call writes
-- exactly one access-log row.
--
-- A refusal returns NULL (with a WARNING naming SQLSTATE SS220 and the reason) instead of raising:
-- an error would roll the caller's transaction back and take the log row of the refused attempt
-- with it, and PostgreSQL has no autonomous transactions without dblink (which the doctrine
-- forbids). PostgREST commits each RPC call, so the refusal row survives; a caller who rolls back
-- its own transaction on purpose (Prefer: tx=rollback) could still discard it.
--
-- Durability: the log row is written and committed in the caller's transaction, so it is as
-- consistent as any row: a read that returned a value has its row, a refused read has its row.
-- `ssot.access_log_commit` chooses whether the commit also waits for the WAL flush:
--   'async' (the default) the commit returns before the flush; the WAL writer flushes within
--           3 x wal_writer_delay (600 ms by default). Only a crash of the server inside that window
--           can lose the row of a read made just before it. On disks where a flush costs far more
--           than a read (most cloud volumes), waiting would make every read several times slower.
--           A transaction that wrote before the call keeps synchronous_commit as configured;
--           writes made after the call in the same transaction commit asynchronously with it.
--   'sync'  synchronous_commit as configured: the value is returned only after its log row is on
--           disk (`alter role authenticator set ssot.access_log_commit = 'sync'`).
-- Any other value raises SS221 before anything is read or logged.
create or replace function private.control_plane_get_secret_logged(bot_id text, secret_name text)
returns text
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  -- the request context, inline (this is the hot path; control_plane.request_context() is the same logic)
  claims jsonb := nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb;
  headers jsonb := nullif(pg_catalog.current_setting('request.headers', true), '')::jsonb;
  db_role text := coalesce(nullif(pg_catalog.current_setting('role', true), 'none'), session_user::text);
  jwt_bot text := coalesce(claims ->> 'bot_id', claims -> 'app_metadata' ->> 'bot_id');
  commit_mode text := coalesce(nullif(pg_catalog.current_setting('ssot.access_log_commit', true), ''), 'async');
  found_bot boolean;
  bot_active boolean;
  granted boolean;
  vault_id uuid;
  reason text;
  value text;
begin
  if commit_mode not in ('async', 'sync') then
    raise exception 'ssot.access_log_commit is %; it must be async or sync', pg_catalog.quote_literal(commit_mode)
      using errcode = 'SS221', hint = 'reset it, or set it to sync to wait for the log row''s WAL flush';
  end if;
  if db_role <> 'service_role' and jwt_bot is distinct from bot_id then
    reason := case when jwt_bot is null then 'caller is neither service_role nor a bot JWT'
                   else pg_catalog.format('JWT names bot %s, not %s', jwt_bot, bot_id) end;
  else
    -- one query: the bot, its grant, the registry row, and the value only when all three allow it
    select true, b.active, g.bot_id is not null, s.vault_secret_id,
           case when b.active and s.vault_secret_id is not null
                then (select d.decrypted_secret from vault.decrypted_secrets d where d.id = s.vault_secret_id) end
      into found_bot, bot_active, granted, vault_id, value
      from control_plane.bots b
      left join control_plane.secret_grants g on g.bot_id = b.bot_id and g.secret_name = control_plane_get_secret_logged.secret_name
      left join control_plane.secrets s on s.name = g.secret_name
     where b.bot_id = control_plane_get_secret_logged.bot_id;
    reason := case
      when found_bot is null then 'unknown bot'
      when not bot_active then 'bot is inactive'
      when not granted then 'no grant for this bot on this secret'
      when vault_id is null then 'secret has no value yet'
      when value is null then 'vault secret missing'
    end;
  end if;

  -- async only for a transaction that wrote nothing before this call (a PostgREST RPC request):
  -- a caller's own earlier writes keep the durability they were made with
  if commit_mode = 'async' and pg_catalog.pg_current_xact_id_if_assigned() is null then
    perform pg_catalog.set_config('synchronous_commit', 'off', true);
  end if;
  insert into control_plane.access_log (bot_id, secret_name, access_type, outcome, reason, db_role, jwt_sub, jwt_bot_id, client_ip, user_agent)
  values (control_plane_get_secret_logged.bot_id, control_plane_get_secret_logged.secret_name, 'read',
          case when reason is null then 'granted' else 'refused' end, reason,
          db_role, claims ->> 'sub', jwt_bot,
          coalesce(nullif(pg_catalog.btrim(pg_catalog.split_part(headers ->> 'x-forwarded-for', ',', 1)), ''),
                   headers ->> 'x-real-ip', headers ->> 'cf-connecting-ip', pg_catalog.host(pg_catalog.inet_client_addr())),
          pg_catalog.left(headers ->> 'user-agent', 512));

  if reason is not null then
    raise warning 'control_plane_get_secret_logged refused: %', reason
      using errcode = 'SS220', hint = 'the attempt was logged in control_plane.access_log';
    return null;
  end if;
  return value;
end
$$;
comment on function private.control_plane_get_secret_logged(text, text) is 'RPC: the body of public.control_plane_get_secret_logged: returns a secret''s value to service_role or the bot its JWT names (active, granted), logging one access row; a refused call is logged too and returns NULL (WARNING SS220), so the log row survives the refusal.';
revoke execute on function private.control_plane_get_secret_logged(text, text) from public, anon, authenticated;
grant execute on function private.control_plane_get_secret_logged(text, text) to authenticated, service_role;
