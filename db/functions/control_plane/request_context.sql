-- control_plane.request_context: who is calling, as PostgREST tells it (role, JWT, headers).
create or replace function control_plane.request_context()
returns table (db_role text, jwt_sub text, jwt_bot_id text, client_ip text, user_agent text)
language plpgsql stable
set search_path = ''
as $$
declare
  claims jsonb;
  headers jsonb;
  fwd text;
begin
  begin
    claims := nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb;
  exception when others then
    claims := null;
  end;
  begin
    headers := nullif(pg_catalog.current_setting('request.headers', true), '')::jsonb;
  exception when others then
    headers := null;
  end;
  -- SECURITY DEFINER changes current_user, not the `role` setting PostgREST's `set local role` wrote
  db_role := coalesce(nullif(pg_catalog.current_setting('role', true), 'none'), session_user::text);
  jwt_sub := claims ->> 'sub';
  jwt_bot_id := coalesce(claims ->> 'bot_id', claims -> 'app_metadata' ->> 'bot_id');
  -- the left-most X-Forwarded-For entry is the client; proxies append to the right
  fwd := pg_catalog.btrim(pg_catalog.split_part(headers ->> 'x-forwarded-for', ',', 1));
  client_ip := coalesce(nullif(fwd, ''), headers ->> 'x-real-ip', headers ->> 'cf-connecting-ip',
                        pg_catalog.host(pg_catalog.inet_client_addr()));
  user_agent := pg_catalog.left(headers ->> 'user-agent', 512);
  return next;
end
$$;
comment on function control_plane.request_context() is 'The caller as PostgREST describes it: database role (the `role` setting), JWT sub and bot_id claims, client IP (x-forwarded-for, x-real-ip) and user agent from request.headers.';
revoke execute on function control_plane.request_context() from public;
