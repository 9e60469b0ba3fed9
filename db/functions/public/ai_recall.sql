-- public.ai_recall: the PostgREST entry point (POST /rpc/ai_recall) for service_role: the value an
-- agent remembers under a key, NULL when none (ai.agent_memories). Bad input raises before anything
-- is written: SS070 agent, SS071 key. A SECURITY INVOKER wrapper of private.ai_recall, the definer
-- that may write the schema (which is not exposed).
create or replace function public.ai_recall(agent text, key text)
returns jsonb
language sql stable security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.ai_recall(ai_recall.agent, ai_recall.key)
$$;
comment on function public.ai_recall(text, text) is 'RPC: the value an agent remembers under a key, NULL when none (ai.agent_memories); SS070 agent, SS071 key (service_role only; SECURITY INVOKER; the body is private.ai_recall).';
revoke execute on function public.ai_recall(text, text) from public, anon, authenticated;
grant execute on function public.ai_recall(text, text) to service_role;
