-- rag.documents / rag.chunks: the tsvector follows the document language, RLS (anon sees nothing,
-- authenticated reads, service_role writes), security invoker + stable search, bad inputs.
begin;
select plan(22);

select ok((select relrowsecurity from pg_class where oid = 'rag.documents'::regclass), 'RLS is enabled on rag.documents');
select ok((select relrowsecurity from pg_class where oid = 'rag.chunks'::regclass), 'RLS is enabled on rag.chunks');
select is(
  (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'rag' and c.relkind in ('r', 'p') and (not c.relrowsecurity
     or not exists (select 1 from pg_policy p where p.polrelid = c.oid))),
  0, 'every table in rag has RLS enabled and at least one policy');
select is(
  (select array_agg(i.relname::text order by i.relname) from pg_index x join pg_class i on i.oid = x.indexrelid join pg_am a on a.oid = i.relam
   where x.indrelid = 'rag.chunks'::regclass and a.amname in ('hnsw', 'gin')),
  array['chunks_content_trgm', 'chunks_embedding_hnsw', 'chunks_fts_gin', 'chunks_metadata_gin'],
  'chunks have the HNSW, full-text, trigram and metadata indexes');
select ok(
  (select attgenerated = 's' from pg_attribute where attrelid = 'rag.chunks'::regclass and attname = 'fts'),
  'chunks.fts is a stored generated column');
select results_eq(
  $$ select prosecdef, provolatile::text from pg_proc where oid = 'rag.hybrid_search'::regproc $$,
  $$ values (false, 's') $$,
  'hybrid_search is SECURITY INVOKER and STABLE');

-- the tsvector uses the document's language
insert into rag.documents (id, source, title, language, content_sha256) values
  ('00000000-0000-0000-0000-0000000000d1', 'tests/de.md', 'Deutsch', 'de', repeat('b', 64)),
  ('00000000-0000-0000-0000-0000000000e1', 'tests/en.md', 'English', 'english', repeat('c', 64));
insert into rag.chunks (document_id, ordinal, content) values
  ('00000000-0000-0000-0000-0000000000d1', 0, 'Die Datenbanken laufen'),
  ('00000000-0000-0000-0000-0000000000e1', 0, 'The databases are running');
select is((select ts_config::text from rag.chunks where document_id = '00000000-0000-0000-0000-0000000000d1'), 'german', 'the chunk copies the document''s configuration (de → german)');
select ok((select fts @@ to_tsquery('german', 'Datenbank') from rag.chunks where document_id = '00000000-0000-0000-0000-0000000000d1'), 'German chunk: stemmed with the German configuration');
select ok((select fts @@ to_tsquery('english', 'run') from rag.chunks where document_id = '00000000-0000-0000-0000-0000000000e1'), 'English chunk: "running" stems to "run"');
update rag.documents set language = 'simple' where id = '00000000-0000-0000-0000-0000000000e1';
select is((select fts::text from rag.chunks where document_id = '00000000-0000-0000-0000-0000000000e1'),
  '''are'':3 ''databases'':2 ''running'':4 ''the'':1', 'changing the document language re-derives its chunks'' tsvectors');
select throws_ok($$ insert into rag.documents (source, title, language, content_sha256) values ('x', 'x', 'klingon', repeat('d', 64)) $$,
  'SS601', null, 'an unknown document language is refused (SS601)');
select throws_ok($$ insert into rag.chunks (document_id, ordinal, content, embedding) values ('00000000-0000-0000-0000-0000000000d1', 1, 'x', '[1,2,3]') $$,
  '22000', null, 'a 3-dimension embedding does not fit vector(1536)');
select throws_ok($$ insert into rag.chunks (document_id, ordinal, content) values ('00000000-0000-0000-0000-0000000000d1', 2, '   ') $$,
  '23514', null, 'a blank chunk is refused');

-- anon: nothing
select tests.as_anon();
select throws_ok($$ select count(*) from rag.chunks $$, '42501', null, 'anon cannot read rag.chunks');
select throws_ok($$ select count(*) from rag.documents $$, '42501', null, 'anon cannot read rag.documents');
select throws_ok($$ select * from rag.hybrid_search(null, 'datenbank') $$, '42501', null, 'anon cannot call hybrid_search');

-- authenticated: reads, cannot write
select tests.as_user('22222222-2222-2222-2222-222222222222');
select is((select count(*)::int from rag.chunks where document_id in ('00000000-0000-0000-0000-0000000000d1', '00000000-0000-0000-0000-0000000000e1')), 2, 'authenticated reads chunks');
select is((select count(*)::int from rag.hybrid_search(null, 'databases', query_language => 'simple')), 1, 'authenticated calls hybrid_search under RLS');
select throws_ok($$ insert into rag.documents (source, title, content_sha256) values ('y', 'y', repeat('e', 64)) $$, '42501', null, 'authenticated cannot insert documents');
select throws_ok($$ delete from rag.chunks $$, '42501', null, 'authenticated cannot delete chunks');

-- service_role: writes
select tests.as_service();
select lives_ok($$ insert into rag.documents (source, title, language, content_sha256) values ('tests/svc.md', 'svc', 'fr', repeat('f', 64)) $$,
  'service_role inserts documents');
select lives_ok($$ insert into rag.chunks (document_id, ordinal, content, token_count)
  select id, 0, 'Les bases de données', 4 from rag.documents where source = 'tests/svc.md' $$, 'service_role inserts chunks');

select * from finish();
rollback;
