-- public.ops_finish_job_run: the PostgREST entry point (POST /rpc/ops_finish_job_run) for
-- service_role: ends a running job run as succeeded or failed, merges its detail and emits
-- job_run.finished. Bad input raises before anything is written: SS096 detail, SS097 job_run_id,
-- SS098 status. A SECURITY INVOKER wrapper of private.ops_finish_job_run, the definer that may
-- write the schema (which is not exposed).
create or replace function public.ops_finish_job_run(job_run_id bigint, status text, detail jsonb default '{}')
returns void
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.ops_finish_job_run(ops_finish_job_run.job_run_id, ops_finish_job_run.status, ops_finish_job_run.detail)
$$;
comment on function public.ops_finish_job_run(bigint, text, jsonb) is 'RPC: ends a running job run as succeeded or failed, merges its detail and emits job_run.finished; SS096 detail, SS097 job_run_id, SS098 status (service_role only; SECURITY INVOKER; the body is private.ops_finish_job_run).';
revoke execute on function public.ops_finish_job_run(bigint, text, jsonb) from public, anon, authenticated;
grant execute on function public.ops_finish_job_run(bigint, text, jsonb) to service_role;
