-- control_plane.log_access: one row of the append-only access log, with the request context.
create or replace function control_plane.log_access(
  bot_id text, secret_name text, access_type text, outcome text, reason text default null
) returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  ctx record;
  new_id bigint;
begin
  select * into ctx from control_plane.request_context();
  insert into control_plane.access_log (bot_id, secret_name, access_type, outcome, reason, db_role, jwt_sub, jwt_bot_id, client_ip, user_agent)
  values (log_access.bot_id, log_access.secret_name, log_access.access_type, log_access.outcome, log_access.reason,
          ctx.db_role, ctx.jwt_sub, ctx.jwt_bot_id, ctx.client_ip, ctx.user_agent)
  returning id into new_id;
  return new_id;
end
$$;
comment on function control_plane.log_access(text, text, text, text, text) is 'Appends one access-log row (who, which secret, read|set|rotate|dispatch, granted|refused, why) with the PostgREST request context.';
revoke execute on function control_plane.log_access(text, text, text, text, text) from public;
