-- private.ai_record_output: the SECURITY DEFINER body of public.ai_record_output, the write path of
-- AI outputs (ai.outputs): AI outputs are stored in Supabase, never in Odoo models. Inputs bounded
-- before anything is written: SS070 agent, SS074 kind, SS075 subject, SS076 content, SS073 provenance.
create or replace function private.ai_record_output(agent text, kind text, subject text, content jsonb, provenance jsonb default '{}')
returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id bigint;
begin
  if agent is null or pg_catalog.char_length(agent) > 63 or agent !~ '^[a-z0-9][a-z0-9_.-]{0,62}$' then
    raise exception 'ai_record_output: agent must match ^[a-z0-9][a-z0-9_.-]{0,62}$ (got % characters)', coalesce(pg_catalog.char_length(agent), 0)
      using errcode = 'SS070';
  end if;
  if kind is null or pg_catalog.char_length(kind) > 63 or kind !~ '^[a-z][a-z0-9_.-]{0,62}$' then
    raise exception 'ai_record_output: kind must match ^[a-z][a-z0-9_.-]{0,62}$ (got % characters)', coalesce(pg_catalog.char_length(kind), 0)
      using errcode = 'SS074';
  end if;
  if subject is null or subject = '' or pg_catalog.char_length(subject) > 300 then
    raise exception 'ai_record_output: subject must be 1 to 300 characters (got %)', coalesce(pg_catalog.char_length(subject), 0) using errcode = 'SS075';
  end if;
  if content is null or pg_catalog.pg_column_size(content) > 262144 then
    raise exception 'ai_record_output: content must be JSON of at most 256 kB (got %)', coalesce(pg_catalog.pg_column_size(content) || ' bytes', 'null')
      using errcode = 'SS076', hint = 'Store large content in rag.documents and record a reference.';
  end if;
  if provenance is null or pg_catalog.jsonb_typeof(provenance) <> 'object' or pg_catalog.pg_column_size(provenance) > 8192 then
    raise exception 'ai_record_output: provenance must be a JSON object of at most 8 kB' using errcode = 'SS073';
  end if;
  insert into ai.outputs (agent, kind, subject, content, provenance)
  values (ai_record_output.agent, ai_record_output.kind, ai_record_output.subject, ai_record_output.content, ai_record_output.provenance)
  returning id into v_id;
  return v_id;
end
$$;
comment on function private.ai_record_output(text, text, text, jsonb, jsonb) is 'RPC: the body of public.ai_record_output: records an AI output about a subject; SS070 agent, SS074 kind, SS075 subject, SS076 content, SS073 provenance.';
revoke execute on function private.ai_record_output(text, text, text, jsonb, jsonb) from public, anon, authenticated;
grant execute on function private.ai_record_output(text, text, text, jsonb, jsonb) to service_role;
