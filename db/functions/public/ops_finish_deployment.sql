-- public.ops_finish_deployment: the PostgREST entry point (POST /rpc/ops_finish_deployment) for
-- service_role: ends a deployment as succeeded, failed or rolled_back, merges its evidence and
-- emits deployment.finished. Bad input raises before anything is written: SS096 evidence, SS097
-- deployment_id, SS098 status. A SECURITY INVOKER wrapper of private.ops_finish_deployment, the
-- definer that may write the schema (which is not exposed).
create or replace function public.ops_finish_deployment(deployment_id bigint, status text, evidence jsonb default '{}')
returns void
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.ops_finish_deployment(ops_finish_deployment.deployment_id, ops_finish_deployment.status, ops_finish_deployment.evidence)
$$;
comment on function public.ops_finish_deployment(bigint, text, jsonb) is 'RPC: ends a deployment as succeeded, failed or rolled_back, merges its evidence and emits deployment.finished; SS096 evidence, SS097 deployment_id, SS098 status (service_role only; SECURITY INVOKER; the body is private.ops_finish_deployment).';
revoke execute on function public.ops_finish_deployment(bigint, text, jsonb) from public, anon, authenticated;
grant execute on function public.ops_finish_deployment(bigint, text, jsonb) to service_role;
