-- Cron jobs as data: db/cron/<job>.sql calls ops.cron_declare(...); the row in ops.cron_jobs is
-- reconciled into pg_cron by name (re-declaring never duplicates a job). `enabled` is operator
-- state: a declaration sets it only the first time; `ssot cron enable|disable` changes it.
-- Every change is an event in ops.events (source ops.cron): cron.declared when a declaration inserts
-- or changes a job (re-applying an unchanged one emits nothing), cron.removed, cron.enabled and
-- cron.disabled.
create or replace function ops.cron_sync(job_name text)
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  j ops.cron_jobs%rowtype;
  existing bigint;
begin
  if pg_catalog.to_regnamespace('cron') is null then
    return; -- pg_cron lives in another database (cron.database_name): the registry row is the declaration
  end if;
  select * into j from ops.cron_jobs c where c.name = job_name;
  select c.jobid into existing from cron.job c where c.jobname = job_name order by c.jobid limit 1;
  if j.name is null then
    if existing is not null then
      perform cron.unschedule(existing);
    end if;
    return;
  end if;
  if existing is null then
    existing := cron.schedule_in_database(j.name, j.schedule, j.command, pg_catalog.current_database());
  end if;
  perform cron.alter_job(existing, schedule => j.schedule, command => j.command,
                         database => pg_catalog.current_database(), active => j.enabled);
  -- a job of that name scheduled twice by hand: keep one
  perform cron.unschedule(c.jobid) from cron.job c where c.jobname = job_name and c.jobid <> existing;
end
$$;
comment on function ops.cron_sync(text) is 'Makes pg_cron''s job of that name match ops.cron_jobs (schedule, command, active = enabled); no-op where pg_cron is not installed.';
revoke execute on function ops.cron_sync(text) from public;

create or replace function ops.cron_declare(
  name text, schedule text, local_time text, command text, description text,
  kind text default 'n8n', enabled_by_default boolean default false
) returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  changed bigint;
begin
  if ops.cron_matches(schedule, pg_catalog.now()) is null then
    raise exception 'cron job %: schedule "%" is not a pg_cron schedule (5 fields in UTC, names, @daily and the like, or N seconds)', name, schedule
      using errcode = 'SS301';
  end if;
  if advisor.looks_like_secret(command, in_code => true) then
    raise exception 'cron job %: the command holds what looks like a secret; read it from the vault instead', name
      using errcode = 'SS302';
  end if;
  -- the definitions applier names the file it is applying (db/cron/<job>.sql) in ssot.definition_file
  insert into ops.cron_jobs as c (name, schedule, local_time, command, description, kind, enabled, declared_in)
  values (cron_declare.name, cron_declare.schedule, cron_declare.local_time, cron_declare.command,
          cron_declare.description, cron_declare.kind, enabled_by_default,
          nullif(pg_catalog.current_setting('ssot.definition_file', true), ''))
  on conflict on constraint cron_jobs_pkey do update
     set schedule = excluded.schedule, local_time = excluded.local_time, command = excluded.command,
         description = excluded.description, kind = excluded.kind, declared_in = excluded.declared_in,
         declared_at = pg_catalog.now()
   where (c.schedule, c.local_time, c.command, c.description, c.kind, c.declared_in)
         is distinct from (excluded.schedule, excluded.local_time, excluded.command, excluded.description, excluded.kind, excluded.declared_in);
  get diagnostics changed = row_count;
  if changed > 0 then
    perform ops.emit('ops.cron', 'cron.declared', pg_catalog.jsonb_build_object('job', cron_declare.name, 'schedule', cron_declare.schedule,
      'kind', cron_declare.kind, 'declared_in', nullif(pg_catalog.current_setting('ssot.definition_file', true), '')), 'ops.cron_job', cron_declare.name);
  end if;
  perform ops.cron_sync(cron_declare.name);
end
$$;
comment on function ops.cron_declare(text, text, text, text, text, text, boolean) is 'Declares (upserts by name) a cron job and reconciles it into pg_cron; keeps the enabled state of an existing job; emits cron.declared when it inserted or changed the job. SS301 bad schedule, SS302 literal secret in the command.';
revoke execute on function ops.cron_declare(text, text, text, text, text, text, boolean) from public;

create or replace function ops.cron_prune(present_files text[])
returns setof text
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  gone text;
begin
  for gone in
    delete from ops.cron_jobs c
     where c.declared_in is not null and not (c.declared_in = any (present_files))
    returning c.name
  loop
    perform ops.cron_sync(gone);  -- no registry row left: unschedules the pg_cron job
    perform ops.emit('ops.cron', 'cron.removed', pg_catalog.jsonb_build_object('job', gone), 'ops.cron_job', gone);
    return next gone;
  end loop;
end
$$;
comment on function ops.cron_prune(text[]) is 'Removes the jobs whose declaring file is not among present_files (the db/cron files that exist), from the registry and from pg_cron; returns their names and emits cron.removed for each. Jobs declared outside a file are kept.';
revoke execute on function ops.cron_prune(text[]) from public;

create or replace function ops.cron_set_enabled(job_name text, enabled boolean)
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  update ops.cron_jobs c set enabled = cron_set_enabled.enabled, enabled_changed_at = pg_catalog.now()
   where c.name = job_name;
  if not found then
    raise exception 'unknown cron job "%"', job_name using errcode = 'SS303',
      hint = 'ssot cron list shows the jobs declared in db/cron';
  end if;
  perform ops.emit('ops.cron', case when cron_set_enabled.enabled then 'cron.enabled' else 'cron.disabled' end,
    pg_catalog.jsonb_build_object('job', job_name), 'ops.cron_job', job_name);
  perform ops.cron_sync(job_name);
end
$$;
comment on function ops.cron_set_enabled(text, boolean) is 'Enables or disables a declared cron job (ssot cron enable|disable) and emits cron.enabled or cron.disabled; SS303 for an unknown name.';
revoke execute on function ops.cron_set_enabled(text, boolean) from public;

create or replace function ops.cron_call(function_name text)
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  fn regproc := pg_catalog.to_regproc(function_name);
begin
  if fn is null then
    raise exception 'cron: function %() does not exist in this database (or is overloaded)', function_name using errcode = 'SS304',
      hint = 'apply the migration that defines it, or disable the job with ssot cron disable';
  end if;
  execute pg_catalog.format('select %s()', fn);
end
$$;
comment on function ops.cron_call(text) is 'Calls a function by name with no arguments (defaults apply), failing clearly at run time (SS304) when it does not exist: lets a cron job name a function another migration provides.';
revoke execute on function ops.cron_call(text) from public;
