-- control_plane.refusal_limit: how many refused secret reads of one subject and client IP are logged
-- row by row per window. Constants on purpose: a setting could be changed by the very caller it
-- limits (a raw-SQL session may SET any custom setting).
create or replace function control_plane.refusal_limit(out max_logged integer, out window_length interval)
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$ select 10, interval '60 seconds' $$;
comment on function control_plane.refusal_limit() is 'Rate limit of the access log''s refusal rows: at most max_logged (10) logged refusals per subject and client IP per window_length (60 s); further refusals are counted in control_plane.refusal_counters.';
revoke execute on function control_plane.refusal_limit() from public;
