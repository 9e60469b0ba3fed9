--! Previous: sha1:12b25d9f9ce77b406b08099173dbd964784e0b2f
--! Hash: sha1:cac931589f5804fcd167b9e512fc2df3620d641d
--! Message: rag.tg_documents__set_ts_config casts the regconfig to text explicitly (plpgsql_check performance warning)

-- rag.tg_documents__set_ts_config: the text search configuration is stored as text (000015), so the
-- trigger casts the regconfig it maps to explicitly (plpgsql_check's hidden-cast performance warning).
create or replace function rag.tg_documents__set_ts_config() returns trigger
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  new.ts_config := rag.text_search_config(new.language)::text;
  return new;
end
$$;
comment on function rag.tg_documents__set_ts_config() is
  'Trigger: maps rag.documents.language to its text search configuration (SS601 when PostgreSQL has none).';
