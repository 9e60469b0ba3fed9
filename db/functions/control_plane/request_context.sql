-- control_plane.request_context: who is calling, as PostgREST tells it (role, JWT, headers), bounded
-- and escaped for the access log. Every input is checked before it is parsed:
--   SS252 request.jwt.claims longer than 16384 bytes
--   SS253 request.headers longer than 32768 bytes
--   SS254 a JWT claim the log stores is too long (sub over 255 characters, bot_id over 63)
--   SS255 ssot.client_ip_header is not a lower-case header name
-- PostgREST always writes valid JSON to both settings (auth.jwt() casts the same way); anything else
-- is a caller bug and fails loudly.
--
-- The client IP is the RIGHT-most entry of the header named by `ssot.client_ip_header` (default
-- x-forwarded-for): each proxy appends the address it saw, so the right-most entry is the one the
-- trusted proxy in front of PostgREST wrote; entries to its left are whatever the client sent.
-- Behind a proxy that sets a single-valued header instead (cf-connecting-ip, x-real-ip), name it:
-- `alter role authenticator set ssot.client_ip_header = 'cf-connecting-ip'`. Without the header,
-- the address of the connection. The IP is cut to 64 characters and the user agent to 256, both
-- escaped by control_plane.log_text.
create or replace function control_plane.request_context()
returns table (db_role text, jwt_sub text, jwt_bot_id text, client_ip text, user_agent text)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  raw_claims text := pg_catalog.current_setting('request.jwt.claims', true);
  raw_headers text := pg_catalog.current_setting('request.headers', true);
  ip_header text := coalesce(nullif(pg_catalog.current_setting('ssot.client_ip_header', true), ''), 'x-forwarded-for');
  c jsonb;
  h jsonb;
  ip text;
begin
  if pg_catalog.octet_length(raw_claims) > 16384 then
    raise exception 'request.jwt.claims is % bytes; at most 16384 are accepted', pg_catalog.octet_length(raw_claims)
      using errcode = 'SS252';
  end if;
  if pg_catalog.octet_length(raw_headers) > 32768 then
    raise exception 'request.headers is % bytes; at most 32768 are accepted', pg_catalog.octet_length(raw_headers)
      using errcode = 'SS253';
  end if;
  if pg_catalog.char_length(ip_header) > 64 or ip_header !~ '^[a-z0-9][a-z0-9-]*$' then
    raise exception 'ssot.client_ip_header must be a lower-case header name of at most 64 characters'
      using errcode = 'SS255', hint = 'reset it, or name the header your proxy sets, e.g. cf-connecting-ip';
  end if;
  c := nullif(raw_claims, '')::jsonb;
  h := nullif(raw_headers, '')::jsonb;
  if pg_catalog.jsonb_typeof(c) is distinct from 'object' then c := null; end if;
  if pg_catalog.jsonb_typeof(h) is distinct from 'object' then h := null; end if;
  jwt_sub := c ->> 'sub';
  jwt_bot_id := coalesce(c ->> 'bot_id', c -> 'app_metadata' ->> 'bot_id');
  if pg_catalog.char_length(jwt_sub) > 255 or pg_catalog.char_length(jwt_bot_id) > 63 then
    raise exception 'a JWT claim stored in the access log is too long (sub at most 255 characters, bot_id at most 63)'
      using errcode = 'SS254';
  end if;
  -- SECURITY DEFINER changes current_user, not the `role` setting PostgREST's `set local role` wrote
  db_role := coalesce(nullif(pg_catalog.current_setting('role', true), 'none'), session_user::text);
  ip := nullif(pg_catalog.btrim(pg_catalog.substring(h ->> ip_header, '[^,]*$')), '');
  client_ip := pg_catalog.left(coalesce(ip, pg_catalog.host(pg_catalog.inet_client_addr())), 64);
  user_agent := pg_catalog.left(h ->> 'user-agent', 256);
  -- printable ASCII without a backslash needs no escaping: the common request skips log_text's work
  if pg_catalog.concat(jwt_sub, jwt_bot_id, client_ip, user_agent) ~ '[^\x20-\x5b\x5d-\x7e]' then
    jwt_sub := control_plane.log_text(jwt_sub, 255);
    jwt_bot_id := control_plane.log_text(jwt_bot_id, 63);
    client_ip := control_plane.log_text(client_ip, 64);
    user_agent := control_plane.log_text(user_agent, 256);
  end if;
  return next;
end
$$;
comment on function control_plane.request_context() is 'The caller as PostgREST describes it, bounded before parsing (SS252 claims, SS253 headers, SS254 a long sub/bot_id claim, SS255 bad ssot.client_ip_header): database role, JWT sub and bot_id, client IP (right-most entry of ssot.client_ip_header, default x-forwarded-for), user agent; values escaped by control_plane.log_text.';
revoke execute on function control_plane.request_context() from public;
