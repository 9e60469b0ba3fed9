-- RLS on rag.chunks: authenticated users read every row (the corpus is shared inside the platform);
-- only service_role (the ingest pipeline) writes. anon gets nothing: no policy, no grant.
alter table rag.chunks enable row level security;

drop policy if exists chunks_select_authenticated on rag.chunks;
create policy chunks_select_authenticated on rag.chunks
  for select to authenticated
  using ((select auth.role()) = 'authenticated');
comment on policy chunks_select_authenticated on rag.chunks is 'Authenticated users read every chunks row.';

drop policy if exists chunks_all_service on rag.chunks;
create policy chunks_all_service on rag.chunks
  for all to service_role
  using ((select auth.role()) = 'service_role')
  with check ((select auth.role()) = 'service_role');
comment on policy chunks_all_service on rag.chunks is 'service_role (ingest) reads and writes chunks.';

revoke all on rag.chunks from anon, authenticated, service_role;
grant select on rag.chunks to authenticated, service_role;
grant insert (document_id, ordinal, content, embedding, metadata, token_count),
      update (content, embedding, metadata, token_count),
      delete on rag.chunks to service_role;
