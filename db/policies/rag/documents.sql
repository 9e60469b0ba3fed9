-- RLS on rag.documents: authenticated users read every row (the corpus is shared inside the platform);
-- only service_role (the ingest pipeline) writes. anon gets nothing: no policy, no grant.
alter table rag.documents enable row level security;

drop policy if exists documents_select_authenticated on rag.documents;
create policy documents_select_authenticated on rag.documents
  for select to authenticated
  using ((select auth.role()) = 'authenticated');
comment on policy documents_select_authenticated on rag.documents is 'Authenticated users read every documents row.';

drop policy if exists documents_all_service on rag.documents;
create policy documents_all_service on rag.documents
  for all to service_role
  using ((select auth.role()) = 'service_role')
  with check ((select auth.role()) = 'service_role');
comment on policy documents_all_service on rag.documents is 'service_role (ingest) reads and writes documents.';

revoke all on rag.documents from anon, authenticated, service_role;
grant select on rag.documents to authenticated, service_role;
grant insert (source, title, version, provenance, language, content_sha256, embedding, metadata),
      update (title, version, provenance, language, content_sha256, embedding, metadata, updated_at),
      delete on rag.documents to service_role;
