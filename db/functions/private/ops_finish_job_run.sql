-- private.ops_finish_job_run: the SECURITY DEFINER body of public.ops_finish_job_run: a running job
-- run ends succeeded or failed, its detail merged with the new detail, and job_run.finished is
-- emitted. Inputs bounded before anything is written: SS098 status (or a run already finished),
-- SS096 detail (also when the merged detail would pass 64 kB), SS097 job_run_id.
create or replace function private.ops_finish_job_run(job_run_id bigint, status text, detail jsonb default '{}')
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  r ops.job_runs%rowtype;
begin
  if status is null or status not in ('succeeded', 'failed') then
    raise exception 'ops_finish_job_run: status must be succeeded or failed' using errcode = 'SS098';
  end if;
  if detail is null or pg_catalog.jsonb_typeof(detail) <> 'object' or pg_catalog.pg_column_size(detail) > 65536 then
    raise exception 'ops_finish_job_run: detail must be a JSON object of at most 64 kB' using errcode = 'SS096';
  end if;
  if job_run_id is null then
    raise exception 'ops_finish_job_run: job_run_id is required' using errcode = 'SS097';
  end if;
  select * into r from ops.job_runs x where x.id = job_run_id for update;
  if not found then
    raise exception 'ops_finish_job_run: no job run %', job_run_id using errcode = 'SS097';
  end if;
  if r.status <> 'running' then
    raise exception 'ops_finish_job_run: job run % is already %', job_run_id, r.status using errcode = 'SS098';
  end if;
  if pg_catalog.pg_column_size(r.detail || detail) > 65536 then
    raise exception 'ops_finish_job_run: the merged detail of job run % would pass 64 kB', job_run_id using errcode = 'SS096';
  end if;
  update ops.job_runs x
     set status = ops_finish_job_run.status, finished_at = greatest(pg_catalog.now(), x.started_at),
         detail = x.detail || ops_finish_job_run.detail
   where x.id = job_run_id;
  perform ops.emit('ops.job_runs', 'job_run.finished',
    pg_catalog.jsonb_build_object('job_name', r.job_name, 'status', status),
    'ops.job_run', job_run_id::text);
end
$$;
comment on function private.ops_finish_job_run(bigint, text, jsonb) is 'RPC: the body of public.ops_finish_job_run: ends a running job run (succeeded or failed), merges its detail, emits job_run.finished; SS096 detail, SS097 unknown run, SS098 status.';
revoke execute on function private.ops_finish_job_run(bigint, text, jsonb) from public, anon, authenticated;
grant execute on function private.ops_finish_job_run(bigint, text, jsonb) to service_role;
