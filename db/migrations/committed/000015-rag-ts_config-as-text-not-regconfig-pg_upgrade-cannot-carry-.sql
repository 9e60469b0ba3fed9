--! Previous: sha1:f740047cd58b0189797dde7a16261c1059de9fcb
--! Hash: sha1:f0ca952fe6cc897df21217b4666e926617963353
--! Message: rag: ts_config as text, not regconfig (pg_upgrade cannot carry a regconfig column)

-- rag: ts_config as text, not regconfig. A regconfig column stores an OID, which pg_upgrade does
-- not carry: Supabase refuses a major-version upgrade of a project with such a column (splinter's
-- unsupported_reg_types). The tsvector stays a stored generated column, through an immutable
-- function of the name.
-- Drops first, in reverse order: this draft re-runs on every save.
drop trigger if exists _500_propagate_ts_config on rag.documents;
drop index if exists rag.chunks_fts_gin;
alter table rag.chunks drop column if exists fts;

-- The name always comes from rag.text_search_config() (set on the document by trigger, copied
-- onto the chunk), which returns only configurations of pg_catalog, and those are created by
-- initdb and never change for the life of a server: so the name determines the tsvector, as
-- IMMUTABLE promises. A name no configuration has fails (42704), as the cast always did.
create or replace function rag.to_tsvector_in(config text, content text) returns tsvector
language sql immutable strict parallel safe
set search_path = pg_catalog, pg_temp
as $$ select pg_catalog.to_tsvector(config::pg_catalog.regconfig, content) $$;
comment on function rag.to_tsvector_in(text, text) is
  'to_tsvector with the text search configuration given by name (one of pg_catalog''s): immutable, for the stored rag.chunks.fts.';
-- computing the generated column needs EXECUTE of whoever writes chunks
revoke execute on function rag.to_tsvector_in(text, text) from public;
grant execute on function rag.to_tsvector_in(text, text) to authenticated, service_role;

alter table rag.documents alter column ts_config drop default;
alter table rag.documents alter column ts_config type text using ts_config::text;
alter table rag.documents alter column ts_config set default 'simple';
alter table rag.chunks alter column ts_config drop default;
alter table rag.chunks alter column ts_config type text using ts_config::text;
alter table rag.chunks alter column ts_config set default 'simple';
comment on column rag.documents.ts_config is 'Name of the text search configuration (pg_catalog) for the language, set by trigger; copied onto the chunks.';
comment on column rag.chunks.ts_config is 'Name of the text search configuration, copied from the document by trigger; the tsvector is generated with it.';

alter table rag.chunks add column fts tsvector generated always as (rag.to_tsvector_in(ts_config, content)) stored;
comment on column rag.chunks.fts is 'rag.to_tsvector_in(ts_config, content), stored.';
create index chunks_fts_gin on rag.chunks using gin (fts);

create trigger _500_propagate_ts_config
  after update of language on rag.documents
  for each row when (old.ts_config is distinct from new.ts_config)
  execute function rag.tg_documents__propagate_ts_config();
comment on index rag.chunks_fts_gin is 'Full-text leg.';
