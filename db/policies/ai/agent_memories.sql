-- Policies of ai.agent_memories (agent memory). The schema is not exposed: API roles reach it only through the
-- RPCs public.ai_remember / public.ai_recall (SECURITY DEFINER bodies in private), so no table privilege is granted to
-- them. The policy states who may read and write should a grant ever be given (service_role bypasses
-- RLS; it is here to be explicit); anon and authenticated have no policy and no grant.
drop policy if exists agent_memories_service_all on ai.agent_memories;
create policy agent_memories_service_all on ai.agent_memories
  for all to service_role
  using (true) with check (true);
comment on policy agent_memories_service_all on ai.agent_memories is 'service_role reads and writes ai.agent_memories (through public.ai_remember / public.ai_recall); anon and authenticated get nothing.';
revoke all on ai.agent_memories from public, anon, authenticated, service_role;
