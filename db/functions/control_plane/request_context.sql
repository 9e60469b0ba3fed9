-- control_plane.request_context: who is calling, as PostgREST tells it (role, JWT, headers).
-- PostgREST always writes valid JSON to request.jwt.claims and request.headers (auth.jwt() casts
-- the same way); anything else is a caller bug and fails loudly.
create or replace function control_plane.request_context()
returns table (db_role text, jwt_sub text, jwt_bot_id text, client_ip text, user_agent text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select
    -- SECURITY DEFINER changes current_user, not the `role` setting PostgREST's `set local role` wrote
    coalesce(nullif(pg_catalog.current_setting('role', true), 'none'), session_user::text),
    c ->> 'sub',
    coalesce(c ->> 'bot_id', c -> 'app_metadata' ->> 'bot_id'),
    -- the left-most X-Forwarded-For entry is the client; proxies append to the right
    coalesce(nullif(pg_catalog.btrim(pg_catalog.split_part(h ->> 'x-forwarded-for', ',', 1)), ''),
             h ->> 'x-real-ip', h ->> 'cf-connecting-ip', pg_catalog.host(pg_catalog.inet_client_addr())),
    pg_catalog.left(h ->> 'user-agent', 512)
  from (select nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb as c,
               nullif(pg_catalog.current_setting('request.headers', true), '')::jsonb as h) s
$$;
comment on function control_plane.request_context() is 'The caller as PostgREST describes it: database role (the `role` setting), JWT sub and bot_id claims, client IP (x-forwarded-for, x-real-ip) and user agent from request.headers.';
revoke execute on function control_plane.request_context() from public;
