-- rag.hybrid_search: each leg alone, fused scores, NULL embedding, empty text, threshold,
-- metadata filters that still fill a page (iterative HNSW scans), and every error code.
begin;
select plan(29);

-- e(i): the unit vector along dimension i
create function pg_temp.e(i int) returns extensions.vector language sql immutable as $$
  select (array_fill(0::real, array[i - 1]) || 1::real || array_fill(0::real, array[1536 - i]))::extensions.vector
$$;

insert into rag.documents (id, source, title, language, content_sha256)
values ('00000000-0000-0000-0000-00000000000a', 'tests/a.md', 'A', 'en', repeat('a', 64));

create temp table q (name text primary key, v extensions.vector);
insert into q values
  ('e1', pg_temp.e(1)), ('e2', pg_temp.e(2)),
  ('e1e3', (array[0.9, 0, 0.1]::real[] || array_fill(0::real, array[1533]))::extensions.vector);
grant select on q to authenticated, anon;

insert into rag.chunks (id, document_id, ordinal, content, embedding, metadata) overriding system value values
  (1, '00000000-0000-0000-0000-00000000000a', 0, 'PostgreSQL streaming replication keeps a standby in sync', pg_temp.e(1), '{"team": "db"}'),
  (2, '00000000-0000-0000-0000-00000000000a', 1, 'Kubernetes operators schedule containers', pg_temp.e(2), '{"team": "ops"}'),
  (3, '00000000-0000-0000-0000-00000000000a', 2, 'Replication slots retain WAL until it is consumed', (select v from q where name = 'e1e3'), '{"team": "db"}'),
  (4, '00000000-0000-0000-0000-00000000000a', 3, 'The quick brown fox jumps over the lazy dog', pg_temp.e(4), '{"team": "ops"}');

select tests.as_user('11111111-1111-1111-1111-111111111111');

-- the semantic leg alone
select results_eq(
  $$ select id from rag.hybrid_search((select v from q where name = 'e1'), null) order by score desc, id limit 2 $$,
  array[1::bigint, 3],
  'semantic leg alone: nearest chunks first');
select is(
  (select count(*)::int from rag.hybrid_search((select v from q where name = 'e1'), null) where full_text_rank is not null or trigram_rank is not null),
  0, 'NULL text: no full-text or trigram ranks');

-- NULL embedding drops the semantic leg
select results_eq(
  $$ select id from rag.hybrid_search(null, 'replication') order by id $$,
  array[1::bigint, 3],
  'NULL embedding: the text legs still find both replication chunks');
select is(
  (select count(*)::int from rag.hybrid_search(null, 'replication') where semantic_rank is not null),
  0, 'NULL embedding: no semantic ranks');

-- full-text leg alone (stemming: "replicated" matches "replication")
select results_eq(
  $$ select id from rag.hybrid_search(null, 'replicated', semantic_weight => 0, trigram_weight => 0) order by id $$,
  array[1::bigint, 3],
  'full-text leg alone, stemmed in the document language');
select is(
  (select count(*)::int from rag.hybrid_search(null, 'replicated', semantic_weight => 0, trigram_weight => 0) where full_text_rank is null),
  0, 'full-text leg alone: every row has a full-text rank');

select is(
  (select array_agg(full_text_rank order by id) from rag.hybrid_search(null, 'replication', semantic_weight => 0, trigram_weight => 0)),
  array[1, 1],
  'equal leg scores share a rank (competition ranking), whatever the ids');

-- trigram leg alone: a typo the full-text leg cannot match, among the semantic candidates
select results_eq(
  $$ select id from rag.hybrid_search((select v from q where name = 'e2'), 'kubernetez', full_text_weight => 0, semantic_weight => 0) $$,
  array[2::bigint],
  'trigram leg alone finds "Kubernetes" from the typo "kubernetez" among the semantic candidates');
select is(
  (select count(*)::int from rag.hybrid_search(null, 'kubernetez', semantic_weight => 0, trigram_weight => 0)),
  0, 'the full-text leg alone does not match the typo');

-- fused: chunk 1 is first in all three legs
select is(
  (select round(score::numeric, 10) from rag.hybrid_search((select v from q where name = 'e1'), 'streaming replication') where id = 1),
  round((1.0 / 51 + 1.0 / 51 + 0.5 / 51)::numeric, 10),
  'fused score = Σ weight / (rrf_k + rank) over the three legs');
select results_eq(
  $$ select id, semantic_rank, full_text_rank, trigram_rank from rag.hybrid_search((select v from q where name = 'e1'), 'streaming replication') order by score desc, id limit 1 $$,
  $$ values (1::bigint, 1, 1, 1) $$,
  'fused: the chunk first in every leg comes first');
select is(
  array[
    (select id from rag.hybrid_search((select v from q where name = 'e2'), 'streaming replication', rrf_k => 1) order by score desc, id limit 1),
    (select id from rag.hybrid_search((select v from q where name = 'e2'), 'streaming replication', rrf_k => 1, semantic_weight => 10) order by score desc, id limit 1)],
  array[1::bigint, 2],
  'weights change the order: the text match first by default, the nearest chunk first with a heavy semantic weight');

-- empty text drops the text legs
select results_eq(
  $$ select id from rag.hybrid_search((select v from q where name = 'e2'), '   ') order by score desc, id limit 1 $$,
  array[2::bigint],
  'blank text: semantic leg only');
select is(
  (select count(*)::int from rag.hybrid_search((select v from q where name = 'e2'), '') where full_text_rank is not null or trigram_rank is not null),
  0, 'empty text: no text ranks');
select is((select count(*)::int from rag.hybrid_search(null, '')), 0, 'no embedding and no text: no rows');
select is((select count(*)::int from rag.hybrid_search(null, 'the and of')), 0, 'stop words only: no full-text leg, no error');

-- match_threshold applies to cosine similarity
select results_eq(
  $$ select id from rag.hybrid_search((select v from q where name = 'e1'), null, match_threshold => 0.5) order by id $$,
  array[1::bigint, 3],
  'match_threshold keeps only chunks with similarity >= 0.5');

-- metadata filter
select results_eq(
  $$ select id from rag.hybrid_search((select v from q where name = 'e1'), null, match_threshold => -1, filter => '{"team": "ops"}') order by id $$,
  array[2::bigint, 4],
  'filter: only chunks whose metadata contains it');

-- a selective filter still returns a full page: 300 random vectors (a fixed seed), every 25th
-- one "rare" (4%); the query is one more random vector.
select tests.as_root();
select setseed(0.42);
insert into q select 'r', (select array_agg((random() - 0.5)::real) from generate_series(1, 1536))::extensions.vector;
insert into rag.chunks (id, document_id, ordinal, content, embedding, metadata) overriding system value
select 100 + g, '00000000-0000-0000-0000-00000000000a', 10 + g, 'bulk chunk ' || g,
       (select array_agg((random() - 0.5)::real) from generate_series(1, 1536) i where g > 0)::extensions.vector,
       jsonb_build_object('team', case when g % 25 = 0 then 'rare' else 'bulk' end)
from generate_series(1, 300) g;
select tests.as_user('11111111-1111-1111-1111-111111111111');
set local enable_bitmapscan = off;  -- force the HNSW path, where the filter is applied after the index
select is(
  (select count(*)::int from rag.hybrid_search((select v from q where name = 'r'), null, match_threshold => -1, match_count => 10, filter => '{"team": "rare"}')),
  10, 'a filter matching 4% of rows still returns match_count rows (iterative index scan)');
select tests.as_root();
set local enable_bitmapscan = off;
set local enable_seqscan = off;
set local hnsw.iterative_scan = off;
set local hnsw.ef_search = 40;
select cmp_ok(
  (select count(*)::int from (select id from rag.chunks where metadata @> '{"team": "rare"}'
     order by embedding operator(extensions.<=>) (select v from q where name = 'r') limit 10) x),
  '<', 10, 'without iterative scans the same filtered HNSW query comes back short');
reset enable_bitmapscan; reset enable_seqscan; reset hnsw.iterative_scan; reset hnsw.ef_search;

-- the function sets pgvector's search settings for its own query only, and has no SET clause for
-- them (a non-superuser could not create it where pgvector's library is not preloaded)
select tests.as_user('11111111-1111-1111-1111-111111111111');
set local hnsw.ef_search = 77;
select is(
  (select count(*)::int from rag.hybrid_search((select v from q where name = 'r'), null, match_threshold => -1, match_count => 10, filter => '{"team": "rare"}'))
    || '/' || current_setting('hnsw.ef_search') || '/' || current_setting('hnsw.iterative_scan'),
  '10/77/off', 'the caller''s hnsw settings are as before the call, and the filtered search still fills its page');
select tests.as_root();
reset hnsw.ef_search;
select is(
  (select count(*)::int from pg_catalog.pg_proc p, unnest(p.proconfig) c
    where p.oid = 'rag.hybrid_search(extensions.vector, text, float8, integer, float8, float8, float8, integer, jsonb, text)'::regprocedure
      and c like 'hnsw.%'),
  0, 'rag.hybrid_search has no SET clause for an extension''s parameter');

-- bad inputs
select tests.as_user('11111111-1111-1111-1111-111111111111');
select throws_ok($$ select * from rag.hybrid_search('[1,2,3]'::extensions.vector, 'x') $$, 'SS602', null, 'a 3-dimension query embedding is refused (SS602)');
select throws_ok($$ select * from rag.hybrid_search(null, 'x', match_count => 0) $$, 'SS603', null, 'match_count 0 is refused (SS603)');
select throws_ok($$ select * from rag.hybrid_search(null, 'x', match_count => 201) $$, 'SS603', null, 'match_count 201 is refused (SS603)');
select throws_ok($$ select * from rag.hybrid_search(null, 'x', full_text_weight => -1) $$, 'SS604', null, 'a negative weight is refused (SS604)');
select throws_ok($$ select * from rag.hybrid_search(null, 'x', rrf_k => 0) $$, 'SS604', null, 'rrf_k 0 is refused (SS604)');
select throws_ok($$ select * from rag.hybrid_search(null, 'x', filter => '[1]') $$, 'SS605', null, 'a non-object filter is refused (SS605)');
select throws_ok($$ select * from rag.hybrid_search(null, 'x', query_language => 'klingon') $$, 'SS601', null, 'an unknown query language is refused (SS601)');

select * from finish();
rollback;
