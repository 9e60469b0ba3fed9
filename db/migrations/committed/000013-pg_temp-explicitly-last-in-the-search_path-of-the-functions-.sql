--! Previous: sha1:d966c8b1d4ee92037c238ab11d0cd0245be776bf
--! Hash: sha1:bbcdd4a9e85ee16a709b89ad8f5f8c3811e5c5fb
--! Message: pg_temp explicitly last in the search_path of the functions committed migrations created

-- Enter migration here (drops first, in reverse order: this file re-runs on every save)

-- pg_temp explicitly last in every pinned search_path. With `search_path = ''` PostgreSQL still
-- searches the session's temporary schema first for table and type names, so a caller who may
-- create temporary objects could shadow a type (a domain `pg_temp.text` whose CHECK calls a
-- function of theirs) and have it run with the rights of a SECURITY DEFINER function's owner, or
-- of whoever fires a trigger. The functions of db/functions and db/compat say it in their files;
-- these are the ones created by committed migrations (trigger functions, one of them a definer).
alter function ops.tg__append_only() set search_path = pg_catalog, pg_temp;
alter function control_plane.tg__append_only() set search_path = pg_catalog, pg_temp;
alter function rag.tg_documents__set_ts_config() set search_path = pg_catalog, pg_temp;
alter function rag.tg_chunks__copy_ts_config() set search_path = pg_catalog, pg_temp;
alter function rag.tg_documents__propagate_ts_config() set search_path = pg_catalog, pg_temp;
