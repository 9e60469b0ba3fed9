-- public.ai_record_output: the PostgREST entry point (POST /rpc/ai_record_output) for service_role:
-- records an AI output about a subject (ai.outputs). Bad input raises before anything is written:
-- SS070 agent, SS074 kind, SS075 subject, SS076 content, SS073 provenance. A SECURITY INVOKER
-- wrapper of private.ai_record_output, the definer that may write the schema (which is not
-- exposed).
create or replace function public.ai_record_output(agent text, kind text, subject text, content jsonb, provenance jsonb default '{}')
returns bigint
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.ai_record_output(ai_record_output.agent, ai_record_output.kind, ai_record_output.subject, ai_record_output.content, ai_record_output.provenance)
$$;
comment on function public.ai_record_output(text, text, text, jsonb, jsonb) is 'RPC: records an AI output about a subject (ai.outputs); SS070 agent, SS074 kind, SS075 subject, SS076 content, SS073 provenance (service_role only; SECURITY INVOKER; the body is private.ai_record_output).';
revoke execute on function public.ai_record_output(text, text, text, jsonb, jsonb) from public, anon, authenticated;
grant execute on function public.ai_record_output(text, text, text, jsonb, jsonb) to service_role;
