--! Previous: sha1:9a9afe80a4b829c3701474d2afa7879a71f8c446
--! Hash: sha1:08962b6e69ebe03f9d4c1a7ef9cb725127556acc
--! Message: rag: documents and chunks for hybrid search

-- RAG storage: documents and their chunks, with the three indexes hybrid search reads
-- (HNSW on the embedding, GIN on the stored tsvector, trigram GIN on the text).
-- Drops first, in reverse order: this draft re-runs on every save.
drop table if exists rag.chunks;
drop table if exists rag.documents;
drop function if exists rag.tg_documents__set_ts_config();
drop function if exists rag.tg_documents__propagate_ts_config();
drop function if exists rag.tg_chunks__copy_ts_config();

-- A generated column may only use immutable expressions, and the mapping language → text search
-- configuration reads the catalog (not immutable). So the mapping runs in a trigger on the
-- document, the resulting regconfig is copied onto each chunk, and the chunk's tsvector is
-- `to_tsvector(ts_config, content)`, which is immutable.
create function rag.tg_documents__set_ts_config() returns trigger
language plpgsql volatile
set search_path = ''
as $$
begin
  new.ts_config := rag.text_search_config(new.language);
  return new;
end
$$;
comment on function rag.tg_documents__set_ts_config() is
  'Trigger: maps rag.documents.language to its text search configuration (SS601 when PostgreSQL has none).';

create table rag.documents (
  id uuid primary key default gen_random_uuid(),
  source text not null unique check (length(source) between 1 and 2048),
  title text not null check (length(title) between 1 and 1000),
  version integer not null default 1 check (version >= 1),
  provenance jsonb not null default '{}' check (jsonb_typeof(provenance) = 'object'),
  language text not null default 'english',
  ts_config regconfig not null default 'simple',
  content_sha256 text not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
  embedding extensions.vector(1536),
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table rag.documents is
  'A source document (file, page, record) for retrieval; source is its identity, content_sha256 makes re-ingesting an unchanged document a no-op.';
comment on column rag.documents.source is 'Where the document comes from (a path or URI); unique.';
comment on column rag.documents.version is 'Incremented each time the content changes and its chunks are replaced.';
comment on column rag.documents.provenance is 'How the document got here: ingesting tool, embedder model, chunking parameters.';
comment on column rag.documents.language is 'Language name or ISO 639-1 code (english, en, german, de …); mapped to ts_config.';
comment on column rag.documents.ts_config is 'Text search configuration for the language, set by trigger; copied onto the chunks.';
comment on column rag.documents.content_sha256 is 'SHA-256 of the content and the chunking/embedding parameters.';
comment on column rag.documents.embedding is 'Optional document-level embedding (1536 dimensions).';

create trigger _100_set_ts_config
  before insert or update of language on rag.documents
  for each row execute function rag.tg_documents__set_ts_config();

create function rag.tg_chunks__copy_ts_config() returns trigger
language plpgsql volatile
set search_path = ''
as $$
begin
  select d.ts_config into strict new.ts_config from rag.documents d where d.id = new.document_id;
  return new;
exception when no_data_found then
  -- the foreign key reports the missing document with its own error
  return new;
end
$$;
comment on function rag.tg_chunks__copy_ts_config() is
  'Trigger: copies the document''s text search configuration onto the chunk (its tsvector is generated from it).';

create table rag.chunks (
  id bigint generated always as identity primary key,
  document_id uuid not null references rag.documents (id) on delete cascade,
  ordinal integer not null check (ordinal >= 0),
  content text not null check (length(btrim(content)) > 0),
  embedding extensions.vector(1536),
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
  ts_config regconfig not null default 'simple',
  fts tsvector generated always as (to_tsvector(ts_config, content)) stored,
  token_count integer not null default 0 check (token_count >= 0),
  created_at timestamptz not null default now(),
  unique (document_id, ordinal)
);
comment on table rag.chunks is
  'A retrievable piece of a document: text, embedding, metadata and a stored tsvector in the document''s language.';
comment on column rag.chunks.ordinal is 'Position of the chunk in its document, from 0.';
comment on column rag.chunks.embedding is 'Embedding of the content (1536 dimensions, cosine distance).';
comment on column rag.chunks.metadata is 'Filterable attributes (jsonb containment: rag.hybrid_search(filter => ...)).';
comment on column rag.chunks.ts_config is 'Copied from the document by trigger; the tsvector is generated with it.';
comment on column rag.chunks.fts is 'to_tsvector(ts_config, content), stored.';
comment on column rag.chunks.token_count is 'Approximate token count of the content (words and punctuation).';

create trigger _100_copy_ts_config
  before insert or update of document_id on rag.chunks
  for each row execute function rag.tg_chunks__copy_ts_config();

-- security definer: the chunks' ts_config is not writable by API roles (it must follow the document)
create function rag.tg_documents__propagate_ts_config() returns trigger
language plpgsql volatile
security definer
set search_path = ''
as $$
begin
  update rag.chunks c set ts_config = new.ts_config where c.document_id = new.id and c.ts_config <> new.ts_config;
  return null;
end
$$;
comment on function rag.tg_documents__propagate_ts_config() is
  'Trigger: when a document''s language changes, re-derives its chunks'' tsvectors.';
revoke execute on function rag.tg_documents__propagate_ts_config() from public;

create trigger _500_propagate_ts_config
  after update of language on rag.documents
  for each row when (old.ts_config is distinct from new.ts_config)
  execute function rag.tg_documents__propagate_ts_config();

-- unique (document_id, ordinal) indexes the foreign key.
create index chunks_embedding_hnsw on rag.chunks using hnsw (embedding extensions.vector_cosine_ops);
comment on index rag.chunks_embedding_hnsw is 'Semantic leg: approximate nearest neighbours by cosine distance.';
create index chunks_fts_gin on rag.chunks using gin (fts);
comment on index rag.chunks_fts_gin is 'Full-text leg.';
create index chunks_content_trgm on rag.chunks using gin (content extensions.gin_trgm_ops);
comment on index rag.chunks_content_trgm is 'Trigram leg (word similarity: typos, identifiers, partial words).';
create index chunks_metadata_gin on rag.chunks using gin (metadata jsonb_path_ops);
comment on index rag.chunks_metadata_gin is 'Metadata filters (containment).';

alter table rag.documents enable row level security;
alter table rag.chunks enable row level security;
