-- public.ops_start_job_run: the PostgREST entry point (POST /rpc/ops_start_job_run) for
-- service_role: records a running job (ops.job_runs) and returns the run's id. Bad input raises
-- before anything is written: SS099 job_name, SS096 detail. A SECURITY INVOKER wrapper of
-- private.ops_start_job_run, the definer that may write the schema (which is not exposed).
create or replace function public.ops_start_job_run(job_name text, detail jsonb default '{}')
returns bigint
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.ops_start_job_run(ops_start_job_run.job_name, ops_start_job_run.detail)
$$;
comment on function public.ops_start_job_run(text, jsonb) is 'RPC: records a running job (ops.job_runs) and returns the run''s id; SS099 job_name, SS096 detail (service_role only; SECURITY INVOKER; the body is private.ops_start_job_run).';
revoke execute on function public.ops_start_job_run(text, jsonb) from public, anon, authenticated;
grant execute on function public.ops_start_job_run(text, jsonb) to service_role;
