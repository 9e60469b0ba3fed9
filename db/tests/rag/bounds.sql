-- rag.hybrid_search bounds every input before doing any work: each oversized or non-finite input
-- is refused with its own SQLSTATE (not a generic 22003/54001, not minutes of work), as each role
-- that may call it (authenticated, service_role; anon may not call it at all), the largest
-- accepted inputs still run, and a refused call leaves nothing behind (no rows, no settings).
begin;
select plan(65);

-- e(i): the unit vector along dimension i (read from a table: API roles may not use pg_temp)
create temp table e (i int primary key, v extensions.vector);
insert into e select i, (array_fill(0::real, array[i - 1]) || 1::real || array_fill(0::real, array[1536 - i]))::extensions.vector
from generate_series(1, 3) i;
grant select on e to authenticated, service_role;

insert into rag.documents (id, source, title, language, content_sha256)
values ('00000000-0000-0000-0000-0000000000b1', 'tests/bounds.md', 'Bounds', 'en', repeat('a', 64));
insert into rag.chunks (id, document_id, ordinal, content, embedding) overriding system value values
  (1, '00000000-0000-0000-0000-0000000000b1', 0, 'PostgreSQL streaming replication keeps a standby in sync', (select v from e where i = 1)),
  (2, '00000000-0000-0000-0000-0000000000b1', 1, 'Kubernetes operators schedule containers', (select v from e where i = 2)),
  (3, '00000000-0000-0000-0000-0000000000b1', 2, 'the identifier replication_slot_synchronization_worker_ab is long', (select v from e where i = 3));

-- the refused inputs, as the findings reported them and at one past each limit
create temp table bad (ord int, label text, call text, code text);
insert into bad values
  (1, 'a 501-character query_text', $$ select * from rag.hybrid_search(null, repeat('x', 501)) $$, 'SS606'),
  (2, 'a 30 KB token', $$ select * from rag.hybrid_search(null, repeat('x', 30000)) $$, 'SS606'),
  (3, 'a 1 MB token', $$ select * from rag.hybrid_search(null, repeat('x', 1048576)) $$, 'SS606'),
  (4, '500 four-byte characters (2000 bytes) plus one', $$ select * from rag.hybrid_search(null, repeat(U&'\+01F600', 501)) $$, 'SS606'),
  (5, 'a 1000-term "or" query', $$ select * from rag.hybrid_search(null, (select string_agg('term' || i, ' or ') from generate_series(1, 1000) i)) $$, 'SS606'),
  (6, 'a 25,000-word query (was 54001)', $$ select * from rag.hybrid_search(null, repeat('word ', 25000)) $$, 'SS606'),
  (7, '33 words', $$ select * from rag.hybrid_search(null, (select string_agg('w' || i, ' ') from generate_series(1, 33) i)) $$, 'SS607'),
  (8, '33 words of one letter, each a stop word or not', $$ select * from rag.hybrid_search(null, repeat('a b ', 16) || 'c') $$, 'SS607'),
  (9, 'one word parsing to 17 terms (33 nodes)', $$ select * from rag.hybrid_search(null, (select string_agg('w' || i, ',') from generate_series(1, 17) i)) $$, 'SS608'),
  (10, 'a NaN weight', $$ select * from rag.hybrid_search(null, 'x', full_text_weight => 'NaN') $$, 'SS604'),
  (11, 'an Infinity weight', $$ select * from rag.hybrid_search(null, 'x', semantic_weight => 'Infinity') $$, 'SS604'),
  (12, 'a -Infinity weight', $$ select * from rag.hybrid_search(null, 'x', trigram_weight => '-Infinity') $$, 'SS604'),
  (13, 'a weight above 1000', $$ select * from rag.hybrid_search(null, 'x', trigram_weight => 1000.5) $$, 'SS604'),
  (14, 'a NULL weight', $$ select * from rag.hybrid_search(null, 'x', full_text_weight => null) $$, 'SS604'),
  (15, 'rrf_k = 2^31-1 (was 22003)', $$ select * from rag.hybrid_search(null, 'x', rrf_k => 2147483647) $$, 'SS604'),
  (16, 'rrf_k = 10001', $$ select * from rag.hybrid_search(null, 'x', rrf_k => 10001) $$, 'SS604'),
  (17, 'a NaN match_threshold', $$ select * from rag.hybrid_search(null, 'x', match_threshold => 'NaN') $$, 'SS604'),
  (18, 'match_count = 2^31-1', $$ select * from rag.hybrid_search(null, 'x', match_count => 2147483647) $$, 'SS603'),
  (19, 'a filter over 4096 bytes', $$ select * from rag.hybrid_search(null, 'x', filter => jsonb_build_object('k', repeat('v', 5000))) $$, 'SS605'),
  (20, 'a zero query embedding', $$ select * from rag.hybrid_search(array_fill(0::real, array[1536])::extensions.vector, 'x') $$, 'SS602'),
  (21, 'a 1-dimension query embedding', $$ select * from rag.hybrid_search('[1]'::extensions.vector, 'x') $$, 'SS602'),
  (22, 'a 1 MB query_language', $$ select * from rag.hybrid_search(null, 'x', query_language => repeat('k', 1048576)) $$, 'SS601'),
  (23, 'a 1 MB query_language with no query text', $$ select * from rag.hybrid_search((select v from e where i = 1), null, query_language => repeat('k', 1048576)) $$, 'SS601'),
  (24, 'a filter that compresses well (100 KB of one letter)', $$ select * from rag.hybrid_search(null, 'x', filter => (select jsonb_build_object('k', repeat('v', 100000)))) $$, 'SS605');
grant select on bad to authenticated, service_role, anon;

select tests.as_user('11111111-1111-1111-1111-111111111111');
select throws_ok(b.call, b.code, null, 'authenticated: ' || b.label || ' is refused with ' || b.code) from bad b order by b.ord;

select tests.as_service();
select throws_ok(b.call, b.code, null, 'service_role: ' || b.label || ' is refused with ' || b.code) from bad b order by b.ord;

select tests.as_anon();
select throws_ok($$ select * from rag.hybrid_search(null, repeat('x', 1048576)) $$, '42501', null,
  'anon: may not call hybrid_search at all, whatever the input');

-- pgvector refuses non-finite elements when the vector is made, before the function is reached
select tests.as_user('11111111-1111-1111-1111-111111111111');
select throws_ok($$ select * from rag.hybrid_search(('[' || 'NaN' || repeat(',0', 1535) || ']')::extensions.vector, 'x') $$,
  '22000', null, 'a NaN element in the query embedding never reaches the function (pgvector refuses it)');
select throws_ok($$ select * from rag.hybrid_search((array['Infinity'::real] || array_fill(0::real, array[1535]))::extensions.vector, 'x') $$,
  '22000', null, 'an infinite element in the query embedding never reaches the function (pgvector refuses it)');

-- the largest accepted inputs run and find what they should
select is((select count(*)::int from rag.hybrid_search(null, 'replication' || repeat(' ', 489))), 2,
  '500 characters (a word and blanks) are accepted');
select is((select count(*)::int from rag.hybrid_search(null, 'streaming ' || repeat('the replication ', 15) || 'in')), 1,
  '32 words (16 of them stop words) are accepted');
select is((select count(*)::int from rag.hybrid_search(null, (select string_agg('w' || i, ',') from generate_series(1, 15) i) || ' or streaming')), 1,
  '16 terms in 31 nodes (a 15-word phrase or a word) are accepted');
select is((select count(*)::int from rag.hybrid_search(null, 'streaming replication', full_text_weight => 1000, semantic_weight => 0, trigram_weight => 0, rrf_k => 10000)), 1,
  'weight 1000 and rrf_k 10000 are accepted');
select is((select count(*)::int from rag.hybrid_search((select v from e where i = 1), null, match_threshold => 1, match_count => 200)), 1,
  'match_threshold 1 and match_count 200 are accepted');

-- the trigram leg reads no index of its own: it re-ranks the semantic candidates and the best
-- full-text matches, whatever the query (a word of common trigrams used to recheck most of the table)
select results_eq(
  $$ select id, trigram_rank from rag.hybrid_search((select v from e where i = 2), 'kubernetez', full_text_weight => 0, semantic_weight => 0) $$,
  $$ values (2::bigint, 1) $$,
  'a one-word typo is found among the semantic candidates');
select is((select count(*)::int from rag.hybrid_search(null, 'kubernetez', full_text_weight => 0, semantic_weight => 0)), 0,
  'with no embedding and no full-text match the trigram leg has no candidates (no trigram index scan)');
select is((select count(*)::int from rag.hybrid_search(null, 'replication_slot_synchronization_worker_ab', semantic_weight => 0) where trigram_rank = 1), 1,
  'a full-text match gets its trigram rank (an identifier found whole)');
select is((select trigram_rank from rag.hybrid_search((select v from e where i = 2), 'kubernetez operatorz', full_text_weight => 0) where id = 2), 1,
  'a phrase gets trigram ranks on the semantic candidates');
select is((select count(*)::int from pg_catalog.pg_proc p
  where p.oid = 'rag.hybrid_search(extensions.vector, text, float8, integer, float8, float8, float8, integer, jsonb, text)'::regprocedure
    and p.prosrc ~ 'operator\(extensions\.<%\) c\.content'), 0,
  'hybrid_search never tests word similarity against rag.chunks directly (that is what a trigram index scan would recheck)');

-- nothing left behind: no rows written, the caller's settings untouched
select tests.as_root();
create temp table before as
  select (select count(*) from rag.documents) as docs, (select count(*) from rag.chunks) as chunks;
grant select on before to authenticated, service_role;
select tests.as_user('11111111-1111-1111-1111-111111111111');
set local hnsw.ef_search = 77;
select throws_ok($$ select * from rag.hybrid_search((select v from e where i = 1), repeat('x', 30000)) $$, 'SS606', null, 'a refused call (again)');
select is(current_setting('hnsw.ef_search') || '/' || current_setting('hnsw.iterative_scan'), '77/off',
  'a refused call leaves the caller''s hnsw settings as they were');
select tests.as_root();
select is((select count(*) from rag.documents) || '/' || (select count(*) from rag.chunks),
  (select docs || '/' || chunks from before), 'refused calls wrote no rows');
reset hnsw.ef_search;

-- rag.text_search_config echoes the name in its error: a long one is refused before the echo
select throws_ok($$ select rag.text_search_config(repeat('k', 65)) $$, 'SS601',
  'document language is 65 characters; a language name or code has at most 64', 'a 65-character language name is refused without being echoed');

select * from finish();
rollback;
