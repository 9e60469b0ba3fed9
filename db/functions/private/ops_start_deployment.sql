-- private.ops_start_deployment: the SECURITY DEFINER body of public.ops_start_deployment: records
-- that a deployment started (ops.deployments) and emits deployment.started. Inputs bounded before
-- anything is written: SS092 environment, SS093 service, SS094 version, SS095 git_ref, SS096 evidence.
create or replace function private.ops_start_deployment(
  environment text, service text, version text, git_ref text default null, evidence jsonb default '{}'
) returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id bigint;
begin
  if environment is null or environment not in ('preview', 'staging', 'production') then
    raise exception 'ops_start_deployment: environment must be preview, staging or production' using errcode = 'SS092';
  end if;
  if service is null or pg_catalog.char_length(service) > 100 or service !~ '^[A-Za-z0-9][A-Za-z0-9_./@:-]{0,99}$' then
    raise exception 'ops_start_deployment: service must match ^[A-Za-z0-9][A-Za-z0-9_./@:-]{0,99}$ (got % characters)', coalesce(pg_catalog.char_length(service), 0)
      using errcode = 'SS093';
  end if;
  if version is null or version = '' or pg_catalog.char_length(version) > 100 or version ~ '[[:cntrl:][:space:]]' then
    raise exception 'ops_start_deployment: version must be 1 to 100 characters without spaces (got %)', coalesce(pg_catalog.char_length(version), 0)
      using errcode = 'SS094';
  end if;
  if git_ref = '' or pg_catalog.char_length(git_ref) > 255 or git_ref ~ '[[:cntrl:][:space:]]' then
    raise exception 'ops_start_deployment: git_ref must be 1 to 255 characters without spaces, or NULL (got %)', pg_catalog.char_length(git_ref)
      using errcode = 'SS095';
  end if;
  if evidence is null or pg_catalog.jsonb_typeof(evidence) <> 'object' or pg_catalog.pg_column_size(evidence) > 65536 then
    raise exception 'ops_start_deployment: evidence must be a JSON object of at most 64 kB' using errcode = 'SS096';
  end if;
  insert into ops.deployments (environment, service, version, git_ref, evidence)
  values (ops_start_deployment.environment, ops_start_deployment.service, ops_start_deployment.version,
          ops_start_deployment.git_ref, ops_start_deployment.evidence)
  returning id into v_id;
  perform ops.emit('ops.deployments', 'deployment.started',
    pg_catalog.jsonb_build_object('environment', environment, 'service', service, 'version', version, 'git_ref', git_ref),
    'ops.deployment', v_id::text);
  return v_id;
end
$$;
comment on function private.ops_start_deployment(text, text, text, text, jsonb) is 'RPC: the body of public.ops_start_deployment: records a started deployment, emits deployment.started, returns its id; SS092 environment, SS093 service, SS094 version, SS095 git_ref, SS096 evidence.';
revoke execute on function private.ops_start_deployment(text, text, text, text, jsonb) from public, anon, authenticated;
grant execute on function private.ops_start_deployment(text, text, text, text, jsonb) to service_role;
