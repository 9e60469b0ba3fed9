--! Previous: sha1:bb72c5e6cd7b946d445732c6bb188cfddc09d2a2
--! Hash: sha1:242793fef630c1e281e0056dedebe38536959808
--! Message: rag.settings: embedding_storage vector or halfvec selects the HNSW index the semantic leg uses

-- rag.settings: the storage of the semantic leg's HNSW index, `vector` (4 bytes a dimension, the
-- index on rag.chunks.embedding) or `halfvec` (2 bytes a dimension, an expression index on
-- embedding::halfvec(1536): half the index, which is what must stay in memory at a million chunks).
-- rag.hybrid_search reads it and orders its semantic leg by the matching expression, so the
-- matching index is the one used; the column itself stays vector(1536) (exact distances rerank).
-- Switching (docs/rag.md): build the other index CONCURRENTLY (rag.embedding_index_ddl), then
-- rag.set_embedding_storage(), which refuses while the matching index is missing or invalid.
create table if not exists rag.settings (
  singleton boolean primary key default true check (singleton),
  embedding_storage text not null default 'vector' check (embedding_storage in ('vector', 'halfvec')),
  updated_at timestamptz not null default pg_catalog.now()
);
comment on table rag.settings is
  'One row of RAG settings. embedding_storage: vector or halfvec, the HNSW index rag.hybrid_search orders its semantic leg by (change with rag.set_embedding_storage).';
comment on column rag.settings.singleton is 'Always true: the table holds one row.';
comment on column rag.settings.embedding_storage is
  'vector: HNSW on embedding (vector_cosine_ops, rag.chunks_embedding_hnsw); halfvec: HNSW on embedding::halfvec(1536) (halfvec_cosine_ops, rag.chunks_embedding_halfvec_hnsw), half the size.';
comment on column rag.settings.updated_at is 'When the row was last changed.';
insert into rag.settings (singleton) values (true) on conflict do nothing;
alter table rag.settings enable row level security;
