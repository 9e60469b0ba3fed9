-- public.ai_remember: the PostgREST entry point (POST /rpc/ai_remember) for service_role: stores
-- (upserts) the value an agent remembers under a key, with its provenance (ai.agent_memories). Bad
-- input raises before anything is written: SS070 agent, SS071 key, SS072 value, SS073 provenance. A
-- SECURITY INVOKER wrapper of private.ai_remember, the definer that may write the schema (which is
-- not exposed).
create or replace function public.ai_remember(agent text, key text, value jsonb, provenance jsonb default '{}')
returns bigint
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.ai_remember(ai_remember.agent, ai_remember.key, ai_remember.value, ai_remember.provenance)
$$;
comment on function public.ai_remember(text, text, jsonb, jsonb) is 'RPC: stores (upserts) the value an agent remembers under a key, with its provenance (ai.agent_memories); SS070 agent, SS071 key, SS072 value, SS073 provenance (service_role only; SECURITY INVOKER; the body is private.ai_remember).';
revoke execute on function public.ai_remember(text, text, jsonb, jsonb) from public, anon, authenticated;
grant execute on function public.ai_remember(text, text, jsonb, jsonb) to service_role;
