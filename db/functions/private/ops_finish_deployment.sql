-- private.ops_finish_deployment: the SECURITY DEFINER body of public.ops_finish_deployment: a started
-- deployment ends succeeded, failed or rolled_back (a succeeded one may later be rolled_back), its
-- evidence merged with the new evidence, and deployment.finished is emitted. Inputs bounded before
-- anything is written: SS098 status (or a change the deployment's status does not allow),
-- SS096 evidence (also when the merged evidence would pass 64 kB), SS097 deployment_id.
create or replace function private.ops_finish_deployment(deployment_id bigint, status text, evidence jsonb default '{}')
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  d ops.deployments%rowtype;
begin
  if status is null or status not in ('succeeded', 'failed', 'rolled_back') then
    raise exception 'ops_finish_deployment: status must be succeeded, failed or rolled_back' using errcode = 'SS098';
  end if;
  if evidence is null or pg_catalog.jsonb_typeof(evidence) <> 'object' or pg_catalog.pg_column_size(evidence) > 65536 then
    raise exception 'ops_finish_deployment: evidence must be a JSON object of at most 64 kB' using errcode = 'SS096';
  end if;
  if deployment_id is null then
    raise exception 'ops_finish_deployment: deployment_id is required' using errcode = 'SS097';
  end if;
  select * into d from ops.deployments x where x.id = deployment_id for update;
  if not found then
    raise exception 'ops_finish_deployment: no deployment %', deployment_id using errcode = 'SS097';
  end if;
  if not (d.status = 'started' or (d.status = 'succeeded' and status = 'rolled_back')) then
    raise exception 'ops_finish_deployment: deployment % is % and cannot become %', deployment_id, d.status, status using errcode = 'SS098';
  end if;
  if pg_catalog.pg_column_size(d.evidence || evidence) > 65536 then
    raise exception 'ops_finish_deployment: the merged evidence of deployment % would pass 64 kB', deployment_id using errcode = 'SS096';
  end if;
  update ops.deployments x
     set status = ops_finish_deployment.status, finished_at = greatest(pg_catalog.now(), x.started_at),
         evidence = x.evidence || ops_finish_deployment.evidence
   where x.id = deployment_id;
  perform ops.emit('ops.deployments', 'deployment.finished',
    pg_catalog.jsonb_build_object('environment', d.environment, 'service', d.service, 'version', d.version, 'status', status),
    'ops.deployment', deployment_id::text);
end
$$;
comment on function private.ops_finish_deployment(bigint, text, jsonb) is 'RPC: the body of public.ops_finish_deployment: ends a deployment (succeeded, failed, rolled_back), merges its evidence, emits deployment.finished; SS096 evidence, SS097 unknown deployment, SS098 status.';
revoke execute on function private.ops_finish_deployment(bigint, text, jsonb) from public, anon, authenticated;
grant execute on function private.ops_finish_deployment(bigint, text, jsonb) to service_role;
