-- private.ai_remember: the SECURITY DEFINER body of public.ai_remember, the write path of agent
-- memory (ai.agent_memories). Agents write to Supabase (ai.*) as service_role; the schema ai is not
-- exposed, so this body holds the owner's rights. Every input is bounded before anything is written,
-- each with its own SQLSTATE: SS070 agent, SS071 key, SS072 value, SS073 provenance.
create or replace function private.ai_remember(agent text, key text, value jsonb, provenance jsonb default '{}')
returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id bigint;
begin
  if agent is null or pg_catalog.char_length(agent) > 63 or agent !~ '^[a-z0-9][a-z0-9_.-]{0,62}$' then
    raise exception 'ai_remember: agent must match ^[a-z0-9][a-z0-9_.-]{0,62}$ (got % characters)', coalesce(pg_catalog.char_length(agent), 0)
      using errcode = 'SS070';
  end if;
  if key is null or key = '' or pg_catalog.char_length(key) > 200 then
    raise exception 'ai_remember: key must be 1 to 200 characters (got %)', coalesce(pg_catalog.char_length(key), 0) using errcode = 'SS071';
  end if;
  if value is null or pg_catalog.pg_column_size(value) > 65536 then
    raise exception 'ai_remember: value must be JSON of at most 64 kB (got %)', coalesce(pg_catalog.pg_column_size(value) || ' bytes', 'null')
      using errcode = 'SS072', hint = 'Store large content in rag.documents and remember a reference.';
  end if;
  if provenance is null or pg_catalog.jsonb_typeof(provenance) <> 'object' or pg_catalog.pg_column_size(provenance) > 8192 then
    raise exception 'ai_remember: provenance must be a JSON object of at most 8 kB' using errcode = 'SS073';
  end if;
  insert into ai.agent_memories as m (agent, key, value, provenance)
  values (ai_remember.agent, ai_remember.key, ai_remember.value, ai_remember.provenance)
  on conflict (agent, key) do update
     set value = excluded.value, provenance = excluded.provenance,
         updated_at = pg_catalog.now(), updated_by = excluded.updated_by
  returning m.id into v_id;
  return v_id;
end
$$;
comment on function private.ai_remember(text, text, jsonb, jsonb) is 'RPC: the body of public.ai_remember: stores (upserts) the value an agent remembers under a key, with its provenance; SS070 agent, SS071 key, SS072 value, SS073 provenance.';
revoke execute on function private.ai_remember(text, text, jsonb, jsonb) from public, anon, authenticated;
grant execute on function private.ai_remember(text, text, jsonb, jsonb) to service_role;
