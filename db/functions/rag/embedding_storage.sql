-- The storage of the semantic leg's HNSW index (rag.settings.embedding_storage) and how to switch it.
--   vector   rag.chunks_embedding_hnsw          hnsw (embedding vector_cosine_ops)
--   halfvec  rag.chunks_embedding_halfvec_hnsw  hnsw ((embedding::halfvec(1536)) halfvec_cosine_ops)
-- Switching without blocking writers (docs/rag.md):
--   select rag.embedding_index_ddl('halfvec') \gexec   -- CREATE INDEX CONCURRENTLY, outside a transaction
--   select rag.set_embedding_storage('halfvec');         -- refused (SS610) until that index is valid
--   drop index concurrently rag.chunks_embedding_hnsw;   -- optional: the other index is no longer read

-- rag.embedding_index_ddl: the statement that builds the index of a storage. CREATE INDEX
-- CONCURRENTLY cannot run inside a function (nor a transaction), so the caller runs the text.
drop function if exists rag.embedding_index_ddl(text);
create function rag.embedding_index_ddl(storage text)
returns text
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if storage is null or storage not in ('vector', 'halfvec') then
    raise exception 'embedding storage must be vector or halfvec (got %)', coalesce(pg_catalog.left(storage, 100), 'null')
      using errcode = 'SS609';
  end if;
  return case storage
    when 'vector' then
      'create index concurrently if not exists chunks_embedding_hnsw on rag.chunks using hnsw (embedding extensions.vector_cosine_ops)'
    else
      'create index concurrently if not exists chunks_embedding_halfvec_hnsw on rag.chunks using hnsw ((embedding::extensions.halfvec(1536)) extensions.halfvec_cosine_ops)'
  end;
end
$$;
comment on function rag.embedding_index_ddl(text) is
  'The CREATE INDEX CONCURRENTLY statement for the HNSW index of an embedding storage (vector or halfvec; SS609 otherwise). Run it outside a transaction, then rag.set_embedding_storage.';
revoke execute on function rag.embedding_index_ddl(text) from public;

-- rag.embedding_index_name: the index a storage reads (NULL for an unknown storage).
drop function if exists rag.embedding_index_name(text);
create function rag.embedding_index_name(storage text)
returns text
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case storage when 'vector' then 'rag.chunks_embedding_hnsw' when 'halfvec' then 'rag.chunks_embedding_halfvec_hnsw' end
$$;
comment on function rag.embedding_index_name(text) is
  'The HNSW index rag.hybrid_search reads under an embedding storage: vector → rag.chunks_embedding_hnsw, halfvec → rag.chunks_embedding_halfvec_hnsw.';
revoke execute on function rag.embedding_index_name(text) from public;

-- rag.set_embedding_storage: switches rag.hybrid_search to the other index, only once that index
-- exists and is valid (a CONCURRENTLY build that failed leaves an invalid index: drop it, rebuild).
drop function if exists rag.set_embedding_storage(text);
create function rag.set_embedding_storage(storage text)
returns text
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  idx regclass;
begin
  if storage is null or storage not in ('vector', 'halfvec') then
    raise exception 'embedding storage must be vector or halfvec (got %)', coalesce(pg_catalog.left(storage, 100), 'null')
      using errcode = 'SS609';
  end if;
  idx := pg_catalog.to_regclass(rag.embedding_index_name(storage));
  if idx is null or not exists (select 1 from pg_catalog.pg_index i where i.indexrelid = idx and i.indisvalid and i.indisready) then
    raise exception 'embedding storage % needs the index %, which is missing or invalid', storage, rag.embedding_index_name(storage)
      using errcode = 'SS610',
            hint = pg_catalog.format('Build it first, outside a transaction: %s (drop an invalid one first)', rag.embedding_index_ddl(storage));
  end if;
  update rag.settings s set embedding_storage = storage, updated_at = pg_catalog.now()
  where s.singleton and s.embedding_storage is distinct from storage;
  return storage;
end
$$;
comment on function rag.set_embedding_storage(text) is
  'Selects the HNSW index rag.hybrid_search orders its semantic leg by: vector or halfvec (SS609 otherwise); refused with SS610 while that index is missing or invalid. Owner only.';
revoke execute on function rag.set_embedding_storage(text) from public;
