-- control_plane.refusals_since(since): refused secret reads since a time, counting the refusals the
-- rate limit did not log row by row (control_plane.log_refusal): the logged rows, the suppressed
-- counts they report (suppressed_before) and those still pending in control_plane.refusal_counters.
-- A suppressed_before count may include refusals a little older than `since` (they are reported by
-- the next logged row of their window): the count errs on the high side, never the low one.
create or replace function control_plane.refusals_since(since timestamptz)
returns bigint
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select (select pg_catalog.count(*) + coalesce(pg_catalog.sum(l.suppressed_before), 0)
            from control_plane.access_log l where l.outcome = 'refused' and l.at > since)
       + (select coalesce(pg_catalog.sum(c.pending_suppressed), 0)
            from control_plane.refusal_counters c where c.last_refused_at > since)
$$;
comment on function control_plane.refusals_since(timestamptz) is 'Refused secret reads since a time: logged refusals plus those the rate limit only counted (suppressed_before, pending_suppressed); errs on the high side.';
revoke execute on function control_plane.refusals_since(timestamptz) from public;
