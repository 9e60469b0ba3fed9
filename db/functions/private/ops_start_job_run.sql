-- private.ops_start_job_run: the SECURITY DEFINER body of public.ops_start_job_run: records that a
-- platform job (housekeeping, a sync, an n8n workflow) started, in ops.job_runs. Inputs bounded
-- before anything is written: SS099 job_name, SS096 detail.
create or replace function private.ops_start_job_run(job_name text, detail jsonb default '{}')
returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id bigint;
begin
  if job_name is null or pg_catalog.char_length(job_name) > 200 or job_name !~ '^[a-z0-9][a-z0-9_.:/-]{0,199}$' then
    raise exception 'ops_start_job_run: job_name must match ^[a-z0-9][a-z0-9_.:/-]{0,199}$ (got % characters)', coalesce(pg_catalog.char_length(job_name), 0)
      using errcode = 'SS099';
  end if;
  if detail is null or pg_catalog.jsonb_typeof(detail) <> 'object' or pg_catalog.pg_column_size(detail) > 65536 then
    raise exception 'ops_start_job_run: detail must be a JSON object of at most 64 kB' using errcode = 'SS096';
  end if;
  insert into ops.job_runs (job_name, detail) values (ops_start_job_run.job_name, ops_start_job_run.detail)
  returning id into v_id;
  return v_id;
end
$$;
comment on function private.ops_start_job_run(text, jsonb) is 'RPC: the body of public.ops_start_job_run: records a running job and returns the run''s id; SS099 job_name, SS096 detail.';
revoke execute on function private.ops_start_job_run(text, jsonb) from public, anon, authenticated;
grant execute on function private.ops_start_job_run(text, jsonb) to service_role;
