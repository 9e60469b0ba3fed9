-- RLS on rag.settings: rag.hybrid_search is security invoker, so its callers (authenticated,
-- service_role) read the one row; writes go through rag.set_embedding_storage as the owner.
alter table rag.settings enable row level security;

drop policy if exists settings_select on rag.settings;
create policy settings_select on rag.settings
  for select to authenticated, service_role
  using (true);
comment on policy settings_select on rag.settings is 'Searchers read the RAG settings (not secret).';

revoke all on rag.settings from anon, authenticated, service_role;
grant select on rag.settings to authenticated, service_role;
