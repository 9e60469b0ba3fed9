-- rag.settings.embedding_storage: vector (the default) or halfvec selects the HNSW index that
-- rag.hybrid_search's semantic leg is ordered by; the switch refuses a storage without its index;
-- under each storage the plan reads that index (EXPLAIN of the leg's expression, and the index
-- scans counted in this transaction for a call of the function itself) and the results agree.
begin;
select plan(23);

-- e(i): the unit vector along dimension i
create function pg_temp.e(i int) returns extensions.vector language sql immutable as $$
  select (array_fill(0::real, array[i - 1]) || 1::real || array_fill(0::real, array[1536 - i]))::extensions.vector
$$;
-- the plan of a statement, as text
create function pg_temp.plan(statement text) returns text language plpgsql volatile as $$
declare
  r record;
  out text := '';
begin
  for r in execute 'explain (costs off) ' || statement loop
    out := out || r."QUERY PLAN" || E'\n';
  end loop;
  return out;
end
$$;
-- index scans of an index counted so far in this transaction
create function pg_temp.scans(idx text) returns bigint language sql volatile as $$
  select pg_catalog.pg_stat_get_xact_numscans(idx::regclass)
$$;
create temp table q (v extensions.vector);
insert into q values (pg_temp.e(3));
create temp table res (storage text, id bigint, semantic_rank int, score float8);
grant select on q to authenticated;
grant insert on res to authenticated;

insert into rag.documents (id, source, title, language, content_sha256)
values ('00000000-0000-0000-0000-00000000000a', 'tests/a.md', 'A', 'en', repeat('a', 64));
insert into rag.chunks (id, document_id, ordinal, content, embedding, metadata) overriding system value
select g, '00000000-0000-0000-0000-00000000000a', g, 'chunk number ' || g || case when g % 3 = 0 then ' replication' else '' end,
       (array_fill(0::real, array[g - 1]) || 1::real || array_fill(0.01::real, array[1536 - g]))::extensions.vector, '{}'
from generate_series(1, 40) g;

-- the setting and its bad inputs
select is((select embedding_storage from rag.settings), 'vector', 'the default embedding storage is vector');
select is((select count(*)::int from rag.settings), 1, 'rag.settings holds one row');
select throws_ok($$ insert into rag.settings (singleton) values (false) $$, '23514', null, 'a second settings row is refused');
select throws_ok($$ update rag.settings set embedding_storage = 'float8' $$, '23514', null, 'an unknown storage is refused by the table');
select throws_ok($$ select rag.set_embedding_storage('float8') $$, 'SS609', null, 'set_embedding_storage refuses an unknown storage (SS609)');
select throws_ok($$ select rag.set_embedding_storage(null) $$, 'SS609', null, 'set_embedding_storage refuses NULL (SS609)');
select throws_ok($$ select rag.embedding_index_ddl('bit') $$, 'SS609', null, 'embedding_index_ddl refuses an unknown storage (SS609)');
select throws_ok($$ select rag.set_embedding_storage('halfvec') $$, 'SS610', null,
  'halfvec is refused while its index does not exist (SS610)');
select is((select embedding_storage from rag.settings), 'vector', 'a refused switch leaves the setting as it was');
select matches(rag.embedding_index_ddl('halfvec'), '^create index concurrently if not exists chunks_embedding_halfvec_hnsw .*halfvec\(1536\)\) extensions\.halfvec_cosine_ops\)$',
  'embedding_index_ddl gives a CONCURRENTLY build of the halfvec expression index');

-- build the halfvec index as the documented statement does (without CONCURRENTLY: a test is one transaction)
do $$ begin execute replace(rag.embedding_index_ddl('halfvec'), 'concurrently ', ''); end $$;
select is(rag.set_embedding_storage('halfvec'), 'halfvec', 'with its index built, halfvec is selected');
select is((select embedding_storage from rag.settings), 'halfvec', 'the setting reads halfvec');

-- the semantic leg's halfvec expression is answered by the expression index
set local enable_seqscan = off;
select matches(
  pg_temp.plan($q$ select c.id from rag.chunks c
    order by (c.embedding::extensions.halfvec(1536)) operator(extensions.<=>) ('$q$ || pg_temp.e(1)::text || $q$'::extensions.vector::extensions.halfvec(1536)) limit 200 $q$),
  'Index Scan using chunks_embedding_halfvec_hnsw', 'EXPLAIN: the halfvec leg''s order by is an index scan of chunks_embedding_halfvec_hnsw');
reset enable_seqscan;

-- a call as an authenticated user reads the halfvec index, not the vector one (index scans counted
-- in this transaction, read as the owner before and after)
create temp table before_h as select pg_temp.scans('rag.chunks_embedding_halfvec_hnsw') h, pg_temp.scans('rag.chunks_embedding_hnsw') v;
select tests.as_user('11111111-1111-1111-1111-111111111111');
insert into res select 'halfvec', id, semantic_rank, score from rag.hybrid_search((select v from q), 'replication');
select tests.as_root();
select ok(pg_temp.scans('rag.chunks_embedding_halfvec_hnsw') > (select h from before_h), 'under halfvec, rag.hybrid_search scans chunks_embedding_halfvec_hnsw');
select is(pg_temp.scans('rag.chunks_embedding_hnsw'), (select v from before_h), 'under halfvec, rag.hybrid_search does not scan chunks_embedding_hnsw');
select is((select id from res where storage = 'halfvec' order by score desc, id limit 1), 3::bigint, 'under halfvec the nearest chunk that also matches the text comes first');

-- back to vector: the other index, the same results
select is(rag.set_embedding_storage('vector'), 'vector', 'vector is selected again');
create temp table before_v as select pg_temp.scans('rag.chunks_embedding_halfvec_hnsw') h, pg_temp.scans('rag.chunks_embedding_hnsw') v;
select tests.as_user('11111111-1111-1111-1111-111111111111');
insert into res select 'vector', id, semantic_rank, score from rag.hybrid_search((select v from q), 'replication');
select tests.as_root();
select ok(pg_temp.scans('rag.chunks_embedding_hnsw') > (select v from before_v), 'under vector, rag.hybrid_search scans chunks_embedding_hnsw');
select is(pg_temp.scans('rag.chunks_embedding_halfvec_hnsw'), (select h from before_v), 'under vector, rag.hybrid_search does not scan chunks_embedding_halfvec_hnsw');
select results_eq($$ select id, semantic_rank, score from res where storage = 'vector' order by score desc, id $$,
  $$ select id, semantic_rank, score from res where storage = 'halfvec' order by score desc, id $$,
  'vector and halfvec storage give the same ranking here (the pool is ranked on the exact distance)');

-- who may switch and read
select tests.as_service();
select throws_ok($$ select rag.set_embedding_storage('halfvec') $$, '42501', null, 'service_role cannot switch the storage');
select is((select embedding_storage from rag.settings), 'vector', 'service_role reads the setting');
select tests.as_anon();
select throws_ok($$ select embedding_storage from rag.settings $$, '42501', null, 'anon cannot read rag.settings');
select tests.as_root();

select * from finish();
rollback;
