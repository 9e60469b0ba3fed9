-- private.ai_recall: the SECURITY DEFINER body of public.ai_recall, the read path of agent memory
-- (agents read from Supabase). SS070 agent, SS071 key, as in private.ai_remember.
create or replace function private.ai_recall(agent text, key text)
returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if agent is null or pg_catalog.char_length(agent) > 63 or agent !~ '^[a-z0-9][a-z0-9_.-]{0,62}$' then
    raise exception 'ai_recall: agent must match ^[a-z0-9][a-z0-9_.-]{0,62}$ (got % characters)', coalesce(pg_catalog.char_length(agent), 0)
      using errcode = 'SS070';
  end if;
  if key is null or key = '' or pg_catalog.char_length(key) > 200 then
    raise exception 'ai_recall: key must be 1 to 200 characters (got %)', coalesce(pg_catalog.char_length(key), 0) using errcode = 'SS071';
  end if;
  return (select m.value from ai.agent_memories m where m.agent = ai_recall.agent and m.key = ai_recall.key);
end
$$;
comment on function private.ai_recall(text, text) is 'RPC: the body of public.ai_recall: the value an agent remembers under a key, NULL when none; SS070 agent, SS071 key.';
revoke execute on function private.ai_recall(text, text) from public, anon, authenticated;
grant execute on function private.ai_recall(text, text) to service_role;
