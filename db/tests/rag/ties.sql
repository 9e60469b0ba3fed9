-- rag.hybrid_search with many chunks tied in the text legs: a term in 150 chunks ranks them all
-- first in the full-text and trigram legs, so the fused order among them is their distance to the
-- query. The ties must never be cut by id before that order is applied: the nearest chunks are
-- given the highest ids here, so a cut by id loses them.
begin;
select plan(4);

-- v(x): a unit-length direction in the plane of dimensions 1 and 2, x away from dimension 1
create function pg_temp.v(x float8) returns extensions.vector language sql immutable as $$
  select (array[1, x]::real[] || array_fill(0::real, array[1534]))::extensions.vector
$$;

insert into rag.documents (id, source, title, language, content_sha256)
values ('00000000-0000-0000-0000-0000000000b1', 'tests/ties.md', 'Ties', 'en', repeat('b', 64));

-- 1300 chunks nearer the query than any of the term's chunks and without the term: the semantic
-- pool (20 × match_count, so 1200 for 60) holds only these, so the term's chunks are ranked by the
-- text legs alone
insert into rag.chunks (id, document_id, ordinal, content, embedding) overriding system value
select 10000 + j, '00000000-0000-0000-0000-0000000000b1', j, 'filler paragraph number ' || j, pg_temp.v(0.0003 * j)
from generate_series(1, 1300) j;
-- the term's 150 chunks: the i-th nearest gets id 2000 - i
insert into rag.chunks (id, document_id, ordinal, content, embedding) overriding system value
select 2000 - i, '00000000-0000-0000-0000-0000000000b1', 2000 + i, 'zorblat appears here, chunk ' || i, pg_temp.v(0.5 + 0.01 * i)
from generate_series(1, 150) i;

select tests.as_user('11111111-1111-1111-1111-111111111111');

select results_eq(
  $$ select id from rag.hybrid_search(pg_temp.v(0), 'zorblat', match_count => 10) $$,
  $$ select 2000 - i::bigint from generate_series(1, 10) i $$,
  'a term in 150 chunks: the ten nearest of them, nearest first (not the lowest ids)');

select is(
  (select count(*)::int from rag.hybrid_search(pg_temp.v(0), 'zorblat', match_count => 10) where trigram_rank = 1 and full_text_rank = 1),
  10, 'each of them has its trigram rank: the trigram leg took the nearest of the tied full-text matches');

select results_eq(
  $$ select id from rag.hybrid_search(pg_temp.v(0), 'zorblat', match_count => 60) $$,
  $$ select 2000 - i::bigint from generate_series(1, 60) i $$,
  'sixty of them: every tie at the cut reaches the final order (no cut by id at 50)');

select results_eq(
  $$ select id from rag.hybrid_search(null, 'zorblat', match_count => 3) $$,
  $$ values (1850::bigint), (1851), (1852) $$,
  'no embedding: the ties go by id');

select * from finish();
rollback;
