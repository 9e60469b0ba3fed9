-- control_plane.log_refusal: a refused secret read, logged under the rate limit of
-- control_plane.refusal_limit() per subject (JWT sub, else JWT bot_id, else database role) and
-- client IP. The first max_logged refusals of a window each get an access-log row; the rest are only
-- counted in control_plane.refusal_counters, and the next logged refusal of the pair carries how
-- many were skipped (access_log.suppressed_before). A flood thus costs one updated counter row per
-- call, not a growing log. Returns whether a log row was written.
-- Called by the accessor's SECURITY DEFINER body with inputs it has already bounded.
create or replace function control_plane.log_refusal(
  bot_id text, secret_name text, reason text,
  db_role text, jwt_sub text, jwt_bot_id text, client_ip text, user_agent text
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  lim record := control_plane.refusal_limit();
  subj text := case when jwt_sub is not null then 'sub:' || jwt_sub
                    when jwt_bot_id is not null then 'bot:' || jwt_bot_id
                    else 'role:' || db_role end;
  ip text := coalesce(client_ip, '');
  t timestamptz := pg_catalog.clock_timestamp();
  rc control_plane.refusal_counters%rowtype;
  skipped integer := 0;
  log_it boolean;
begin
  insert into control_plane.refusal_counters (subject, client_ip, window_start)
  values (subj, ip, t) on conflict do nothing;
  select * into rc from control_plane.refusal_counters c where c.subject = subj and c.client_ip = ip for update;
  if rc.window_start <= t - lim.window_length then
    rc.window_start := t;
    rc.logged := 0;
  end if;
  log_it := rc.logged < lim.max_logged;
  if log_it then
    skipped := rc.pending_suppressed;
    rc.logged := rc.logged + 1;
    rc.pending_suppressed := 0;
  else
    rc.pending_suppressed := rc.pending_suppressed + 1;
    rc.suppressed_total := rc.suppressed_total + 1;
  end if;
  update control_plane.refusal_counters c
     set window_start = rc.window_start, logged = rc.logged, pending_suppressed = rc.pending_suppressed,
         suppressed_total = rc.suppressed_total, last_refused_at = t
   where c.subject = subj and c.client_ip = ip;
  if log_it then
    insert into control_plane.access_log (bot_id, secret_name, access_type, outcome, reason, db_role, jwt_sub, jwt_bot_id, client_ip, user_agent, suppressed_before)
    values (log_refusal.bot_id, log_refusal.secret_name, 'read', 'refused', log_refusal.reason, log_refusal.db_role,
            log_refusal.jwt_sub, log_refusal.jwt_bot_id, log_refusal.client_ip, log_refusal.user_agent, skipped);
  end if;
  return log_it;
end
$$;
comment on function control_plane.log_refusal(text, text, text, text, text, text, text, text) is 'Logs a refused secret read under the per-subject-and-IP rate limit (control_plane.refusal_limit); counts the refusals it does not log in control_plane.refusal_counters and reports them on the next logged row (suppressed_before). Returns whether it wrote a log row.';
revoke execute on function control_plane.log_refusal(text, text, text, text, text, text, text, text) from public;
