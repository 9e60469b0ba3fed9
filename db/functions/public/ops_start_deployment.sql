-- public.ops_start_deployment: the PostgREST entry point (POST /rpc/ops_start_deployment) for
-- service_role: records a started deployment (ops.deployments), emits deployment.started and
-- returns its id. Bad input raises before anything is written: SS092 environment, SS093 service,
-- SS094 version, SS095 git_ref, SS096 evidence. A SECURITY INVOKER wrapper of
-- private.ops_start_deployment, the definer that may write the schema (which is not exposed).
create or replace function public.ops_start_deployment(environment text, service text, version text, git_ref text default null, evidence jsonb default '{}')
returns bigint
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.ops_start_deployment(ops_start_deployment.environment, ops_start_deployment.service, ops_start_deployment.version, ops_start_deployment.git_ref, ops_start_deployment.evidence)
$$;
comment on function public.ops_start_deployment(text, text, text, text, jsonb) is 'RPC: records a started deployment (ops.deployments), emits deployment.started and returns its id; SS092 environment, SS093 service, SS094 version, SS095 git_ref, SS096 evidence (service_role only; SECURITY INVOKER; the body is private.ops_start_deployment).';
revoke execute on function public.ops_start_deployment(text, text, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.ops_start_deployment(text, text, text, text, jsonb) to service_role;
