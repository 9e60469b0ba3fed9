-- advisor.check_events_append_only: the evaluator of "Audit logs (ops.events) are append-only":
-- the guards (advisor.events_append_only_problems) and the seal chain. A log of up to
-- ssot.seal_full_verify_max_events events (default 1,000,000) is re-hashed in full; a larger one only
-- for the last day's seals, and the last full check (ops.check_event_seals) decides the rest.
create or replace function advisor.check_events_append_only(arg text, out status text, out detail text)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_bad text;
  v_seal record;
  v_full boolean;
  v_last record;
begin
  select pg_catalog.string_agg(a.problem, '; ') into v_bad from advisor.events_append_only_problems() a;
  v_full := (select coalesce(sum(greatest(k.reltuples, 0)), 0) from pg_catalog.pg_inherits i
               join pg_catalog.pg_class k on k.oid = i.inhrelid where i.inhparent = 'ops.events'::regclass)
            <= coalesce(nullif(pg_catalog.current_setting('ssot.seal_full_verify_max_events', true), '')::bigint, 1000000);
  select * into v_seal from ops.verify_event_seals(case when v_full then null else pg_catalog.now() - interval '1 day' end);
  if not v_full then
    select h.checked_at, h.status, h.detail ->> 'problem' as problem into v_last
      from ops.health_checks h where h.target = 'ops.event_seals' order by h.checked_at desc limit 1;
  end if;
  if v_bad is not null then
    status := 'fail';
    detail := v_bad;
  elsif not v_seal.ok then
    status := 'fail';
    detail := v_seal.problem;
  elsif v_seal.seals_checked = 0 and not exists (select from ops.events) then
    status := 'pass';
    detail := 'guards in place; no event yet, so nothing to seal';
  elsif v_seal.seals_checked = 0 then
    status := 'warn';
    detail := 'guards in place, but no seal yet: schedule ops.seal_events()';
  elsif v_full then
    status := 'pass';
    detail := pg_catalog.format('guards in place; %s seals verified', v_seal.seals_checked);
  elsif v_last.status = 'down' then
    status := 'fail';
    detail := pg_catalog.format('the full seal check of %s failed: %s', v_last.checked_at, v_last.problem);
  elsif v_last.checked_at is null or v_last.checked_at < pg_catalog.now() - interval '8 days' then
    status := 'warn';
    detail := pg_catalog.format('guards in place; %s seals chained, %s re-hashed (the last day), but no full seal check in 8 days: enable housekeeping-event-seal-check or run select ops.check_event_seals()',
                                v_seal.seals_checked, v_seal.seals_recomputed);
  else
    status := 'pass';
    detail := pg_catalog.format('guards in place; %s seals chained, %s re-hashed (the last day); full check passed %s',
                                v_seal.seals_checked, v_seal.seals_recomputed, v_last.checked_at);
  end if;
end
$$;
comment on function advisor.check_events_append_only(text) is 'Checklist evaluator (advisor.checks.evaluator): ops.events is append-only (guards in place, privileges revoked) and its seal chain verifies; warn while events exist unsealed or the last full seal check is over 8 days old. Takes no argument.';
revoke execute on function advisor.check_events_append_only(text) from public;
