-- advisor.run_checks(): evaluates every item of the hardening checklist (advisor.checks) that the
-- database can see and records one finding per item in a new run. Items outside the database
-- (nginx, Vercel, GitHub …) are recorded as manual, never guessed.
create or replace function advisor.run_checks()
returns table (run_id bigint, check_id text, area text, item text, priority text, status text, detail text)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_run bigint;
  c advisor.checks;
  v_status text;
  v_detail text;
  v_bad text;
  v_seal record;
  v_full boolean;
  v_last record;
begin
  insert into advisor.runs default values returning id into v_run;
  for c in select * from advisor.checks order by id loop
    v_status := null;
    v_detail := null;
    if c.evaluation = 'manual' then
      v_status := 'manual';
      v_detail := c.how;
    elsif c.id in ('rls_ops', 'rls_advisor', 'rls_mirror') then
      select string_agg(format('%I.%I', n.nspname, k.relname), ', ' order by k.relname) into v_bad
      from pg_catalog.pg_class k join pg_catalog.pg_namespace n on n.oid = k.relnamespace
      where n.nspname = substr(c.id, 5) and k.relkind in ('r', 'p') and not k.relrowsecurity;
      if v_bad is null then
        v_status := 'pass';
        v_detail := format('every table in %s has RLS (%s tables)', substr(c.id, 5),
          (select count(*) from pg_catalog.pg_class k join pg_catalog.pg_namespace n on n.oid = k.relnamespace
           where n.nspname = substr(c.id, 5) and k.relkind in ('r', 'p')));
      else
        v_status := 'fail';
        v_detail := 'RLS disabled on ' || v_bad;
      end if;
    elsif c.id = 'events_append_only' then
      select string_agg(a.problem, '; ') into v_bad from advisor.events_append_only_problems() a;
      -- a log of up to ssot.seal_full_verify_max_events events (default 1,000,000) is re-hashed in
      -- full; a larger one only for the last day's seals, and the last full check decides the rest
      v_full := (select coalesce(sum(greatest(k.reltuples, 0)), 0) from pg_catalog.pg_inherits i
                   join pg_catalog.pg_class k on k.oid = i.inhrelid where i.inhparent = 'ops.events'::regclass)
                <= coalesce(nullif(pg_catalog.current_setting('ssot.seal_full_verify_max_events', true), '')::bigint, 1000000);
      select * into v_seal from ops.verify_event_seals(case when v_full then null else pg_catalog.now() - interval '1 day' end);
      if not v_full then
        select h.checked_at, h.status, h.detail ->> 'problem' as problem into v_last
          from ops.health_checks h where h.target = 'ops.event_seals' order by h.checked_at desc limit 1;
      end if;
      if v_bad is not null then
        v_status := 'fail';
        v_detail := v_bad;
      elsif not v_seal.ok then
        v_status := 'fail';
        v_detail := v_seal.problem;
      elsif v_seal.seals_checked = 0 and not exists (select from ops.events) then
        v_status := 'pass';
        v_detail := 'guards in place; no event yet, so nothing to seal';
      elsif v_seal.seals_checked = 0 then
        v_status := 'warn';
        v_detail := 'guards in place, but no seal yet: schedule ops.seal_events()';
      elsif v_full then
        v_status := 'pass';
        v_detail := format('guards in place; %s seals verified', v_seal.seals_checked);
      elsif v_last.status = 'down' then
        v_status := 'fail';
        v_detail := format('the full seal check of %s failed: %s', v_last.checked_at, v_last.problem);
      elsif v_last.checked_at is null or v_last.checked_at < pg_catalog.now() - interval '8 days' then
        v_status := 'warn';
        v_detail := format('guards in place; %s seals chained, %s re-hashed (the last day), but no full seal check in 8 days: enable housekeeping-event-seal-check or run select ops.check_event_seals()',
                           v_seal.seals_checked, v_seal.seals_recomputed);
      else
        v_status := 'pass';
        v_detail := format('guards in place; %s seals chained, %s re-hashed (the last day); full check passed %s',
                           v_seal.seals_checked, v_seal.seals_recomputed, v_last.checked_at);
      end if;
    elsif c.id = 'secrets_in_vault' then
      -- decided by the secret lints (category SECRETS), which the secrets plane adds
      if not exists (select from pg_catalog.pg_class k join pg_catalog.pg_namespace n on n.oid = k.relnamespace
                     where n.nspname = 'advisor' and k.relname like 'lint\_secret%') then
        v_status := 'warn';
        v_detail := 'no secret lint installed (advisor.lint_secret_*): the database cannot tell yet';
      else
        select string_agg(l.detail, '; ') into v_bad from advisor.lints() l
        where l.name like 'secret%' and l.level in ('ERROR', 'WARN');
        v_status := case when v_bad is null then 'pass' else 'fail' end;
        v_detail := coalesce(v_bad, 'no secret-looking data outside the vault');
      end if;
    elsif c.id = 'statement_timeouts' then
      select string_agg(t.problem, '; ') into v_bad from advisor.statement_timeout_problems() t;
      v_status := case when v_bad is null then 'pass' else 'fail' end;
      v_detail := coalesce(v_bad || ' (alter role … set statement_timeout: anon 3s, the others 8s; the root bootstrap sets them where missing)',
                           'anon, authenticated, authenticator and service_role have a statement_timeout');
    elsif c.id = 'vault_direct_access' then
      select string_agg(format('%s has %s on %s (revocable by %s)', v.role_name, v.privileges, v.object, v.revoker), '; ') into v_bad
        from advisor.vault_direct_access() v;
      v_status := case when v_bad is null then 'pass' else 'fail' end;
      v_detail := coalesce(v_bad || ': revoke it as that role (ssot check prints each statement)',
                           'no API role can read or write the vault directly: the audited accessor is the only way to a secret');
    elsif c.id = 'catalog_exposure' then
      select string_agg(distinct format('%s: %s', e.kind, e.revoker), ', '), count(distinct e.object)::text into v_bad, v_detail
        from advisor.catalog_exposure() e;
      v_status := case when v_bad is null then 'pass' else 'fail' end;
      v_detail := case when v_bad is null
        then 'API roles cannot read table statistics (pg_stat_*, pg_statio_*) or create large objects'
        else format('API roles can still use %s pg_catalog objects through PUBLIC (%s revocable by the owner named); the root bootstrap prints the statements: see select * from advisor.catalog_exposure()', v_detail, v_bad) end;
    elsif c.id = 'pg_cron_enabled' then
      if exists (select from pg_catalog.pg_extension e where e.extname = 'pg_cron') then
        v_status := 'pass';
        v_detail := 'pg_cron is installed in this database';
      else
        v_status := 'fail';
        v_detail := case
          when pg_catalog.current_setting('cron.database_name', true) is null
            then 'pg_cron is not installed: no db/cron job runs (Supabase: enable pg_cron under Database → Extensions; elsewhere preload it and run the bootstrap as a superuser)'
          else pg_catalog.format('pg_cron lives in database %s, not in this one: no db/cron job of this database runs', pg_catalog.current_setting('cron.database_name', true)) end;
      end if;
    elsif c.id = 'outbound_http' then
      -- who delivers net.http_post: pg_net's background worker, or `ssot net worker` for the compat
      -- schema (its sessions are named); neither means every outbox row fails or waits forever
      if exists (select from pg_catalog.pg_extension e where e.extname = 'pg_net') then
        v_status := 'pass';
        v_detail := 'pg_net is installed: its background worker delivers net.http_* requests';
      elsif pg_catalog.to_regclass('net.http_request_queue') is null then
        v_status := 'fail';
        v_detail := 'no net schema: outgoing webhooks (ops.outbox) cannot be sent; enable pg_net (Supabase: Database → Extensions), or on plain PostgreSQL run the ssot bootstrap and `ssot net worker`';
      elsif exists (select from pg_catalog.pg_stat_activity a
                    where a.datname = pg_catalog.current_database() and a.application_name like 'ssot net worker%') then
        v_status := 'pass';
        v_detail := 'net compat schema, delivered by a connected `ssot net worker`';
      elsif not pg_catalog.has_table_privilege('net.http_request_queue', 'select') then
        v_status := 'warn';
        v_detail := 'net compat schema and no `ssot net worker` connected; this role cannot read net.http_request_queue to tell whether requests wait';
      else
        execute 'select count(*)::text from net.http_request_queue' into v_bad;
        v_status := case when v_bad = '0' then 'warn' else 'fail' end;
        v_detail := case when v_bad = '0'
          then 'net compat schema and no `ssot net worker` connected: nothing waits now, but a request would; run `ssot net worker`'
          else pg_catalog.format('%s requests wait in net.http_request_queue and no `ssot net worker` is connected to deliver them: run `ssot net worker`', v_bad) end;
      end if;
    else
      v_status := 'warn';
      v_detail := format('no evaluator for %s in advisor.run_checks(): mark it manual or add one', c.id);
    end if;
    insert into advisor.findings (run_id, check_id, status, detail) values (v_run, c.id, v_status, v_detail);
  end loop;
  update advisor.runs r set failed_critical = (
    select count(*) from advisor.findings f join advisor.checks k on k.id = f.check_id
    where f.run_id = v_run and f.status = 'fail' and k.priority = 'Critical')
  where r.id = v_run;
  return query
    select f.run_id, f.check_id, k.area, k.item, k.priority, f.status, f.detail
    from advisor.findings f join advisor.checks k on k.id = f.check_id
    where f.run_id = v_run
    order by k.area, case k.priority when 'Critical' then 1 when 'High' then 2 else 3 end, k.id;
end
$$;
comment on function advisor.run_checks() is 'Evaluate the hardening checklist, record the findings of a new run (pass / fail / warn / manual) and return them.';
revoke execute on function advisor.run_checks() from public;
