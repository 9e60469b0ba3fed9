-- rag.hybrid_search: weighted Reciprocal Rank Fusion of three rankings of rag.chunks:
--   semantic  — cosine distance on the HNSW index (pgvector 0.8 iterative scan, so a metadata
--               filter still yields a full candidate pool), then match_threshold on similarity;
--               the index is the one rag.settings.embedding_storage names: on `embedding`
--               (vector) or on `embedding::halfvec(1536)` (halfvec, half the size); the pool is
--               ranked on the exact vector distance either way;
--   full text — websearch_to_tsquery in the query language, ranked by ts_rank_cd;
--   trigram   — word similarity of the query text inside the chunk (typos, identifiers), over
--               the other legs' candidates.
-- Each leg is bounded: the semantic leg to its `pool` nearest chunks, the text legs to a sample
-- of their matches plus the semantic candidates that match, so a term that matches a third of
-- the table costs about what a rare term costs. Every input is bounded before any work (limits
-- below, docs/rag.md), so the largest accepted query costs a small multiple of a normal one. A NULL
-- embedding drops the semantic leg; empty text drops the two text legs.
-- fused score = Σ weight_leg / (rrf_k + rank_leg), over the legs where the chunk appears.
-- Security invoker: the caller's RLS applies. STABLE: it reads only.
drop function if exists rag.hybrid_search(extensions.vector, text, float8, integer, float8, float8, float8, integer, jsonb, text);
create function rag.hybrid_search(
  query_embedding extensions.vector(1536) default null,
  query_text text default null,
  match_threshold float8 default 0.0,
  match_count integer default 10,
  full_text_weight float8 default 1.0,
  semantic_weight float8 default 1.0,
  trigram_weight float8 default 0.5,
  rrf_k integer default 50,
  filter jsonb default '{}',
  query_language text default 'english'
)
returns table (
  id bigint,
  document_id uuid,
  content text,
  metadata jsonb,
  semantic_rank integer,
  semantic_similarity float8,
  full_text_rank integer,
  full_text_score float8,
  trigram_rank integer,
  trigram_similarity float8,
  score float8
)
language plpgsql stable
security invoker
set search_path = pg_catalog, pg_temp
-- every leg is an index scan by design (a sequential scan would make cost grow with the table);
-- plan with the actual arguments, so that a dropped leg or an empty filter is folded away
set enable_seqscan = off
set plan_cache_mode = 'force_custom_plan'
as $$
declare
  q_text text;  -- the trimmed query text, set once its length is known to be bounded
  storage text;  -- rag.settings.embedding_storage: which HNSW index orders the semantic leg
  ts_cfg regconfig;
  tsq tsquery;
  pool integer;
  scan integer;
  trigram_scan integer;
  -- pgvector's settings, restored before returning. They are set in the body rather than in a SET
  -- clause: `create function … set hnsw.*` needs a superuser in a session where pgvector's library
  -- is not loaded yet (the case on Supabase, where it is not preloaded), and so would its restore.
  prev_iterative_scan text := pg_catalog.current_setting('hnsw.iterative_scan', true);
  prev_ef_search text := pg_catalog.current_setting('hnsw.ef_search', true);
begin
  -- Every input is bounded here, before any work: cheap checks first (the length of the text is
  -- known without reading it), the parse of the query text last. Limits (docs/rag.md):
  --   query_text ≤ 500 characters (and ≤ 2000 bytes)   SS606
  --   query_text ≤ 32 words (whitespace-separated)       SS607
  --   parsed full-text query ≤ 31 nodes (numnode: 16 terms and their operators)  SS608
  --   weights finite, 0..1000, not all 0; rrf_k 1..10000; threshold -1..1   SS604
  if match_count is null or match_count < 1 or match_count > 200 then
    raise exception 'match_count must be between 1 and 200 (got %)', coalesce(match_count::text, 'null')
      using errcode = 'SS603';
  end if;
  -- NaN compares greater than every number, so `between` refuses NaN and ±Infinity alike
  if not coalesce(full_text_weight between 0 and 1000 and semantic_weight between 0 and 1000
                  and trigram_weight between 0 and 1000, false)
     or full_text_weight + semantic_weight + trigram_weight = 0 then
    raise exception 'weights must be finite numbers between 0 and 1000, not all 0 (full_text %, semantic %, trigram %)',
      full_text_weight, semantic_weight, trigram_weight
      using errcode = 'SS604';
  end if;
  if rrf_k is null or rrf_k < 1 or rrf_k > 10000 then
    raise exception 'rrf_k must be between 1 and 10000 (got %)', coalesce(rrf_k::text, 'null') using errcode = 'SS604';
  end if;
  if not coalesce(match_threshold between -1 and 1, false) then
    raise exception 'match_threshold is a cosine similarity between -1 and 1 (got %)', coalesce(match_threshold::text, 'null')
      using errcode = 'SS604';
  end if;
  if filter is null or jsonb_typeof(filter) <> 'object' then
    raise exception 'filter must be a JSON object matched by containment against chunk metadata (got %)',
      coalesce(pg_catalog.left(filter::text, 100), 'null')
      using errcode = 'SS605';
  end if;
  -- the stored size first (no work), then the text size (a compressed value may be small)
  if pg_catalog.pg_column_size(filter) > 4096 or pg_catalog.octet_length(filter::text) > 4096 then
    raise exception 'filter is over 4096 bytes'
      using errcode = 'SS605';
  end if;
  if pg_catalog.char_length(query_language) > 64 then
    raise exception 'query_language is % characters; a language name or code has at most 64', pg_catalog.char_length(query_language)
      using errcode = 'SS601';
  end if;
  -- parameter typmods are not enforced, so the dimension is checked here (pgvector itself refuses
  -- NaN and infinite elements when the vector is made); a zero vector has no cosine distance
  if query_embedding is not null and extensions.vector_dims(query_embedding) <> 1536 then
    raise exception 'query_embedding has % dimensions; rag.chunks holds 1536-dimension embeddings', extensions.vector_dims(query_embedding)
      using errcode = 'SS602', hint = 'Embed the query with the model used at ingest time.';
  end if;
  if query_embedding is not null and extensions.vector_norm(query_embedding) = 0 then
    raise exception 'query_embedding is the zero vector: it has no cosine distance to anything'
      using errcode = 'SS602', hint = 'Embed the query with the model used at ingest time.';
  end if;
  -- octet_length reads the length word only: a megabyte is refused without being scanned
  if pg_catalog.octet_length(query_text) > 2000 or pg_catalog.char_length(query_text) > 500 then
    raise exception 'query_text is % characters; at most 500', pg_catalog.char_length(query_text)
      using errcode = 'SS606', hint = 'A search query is a question or a few keywords, not a document.';
  end if;
  q_text := nullif(btrim(coalesce(query_text, '')), '');
  -- counted before parsing: the parser recurses per word (a 25,000-word query exhausts its stack)
  if q_text is not null and pg_catalog.regexp_count(q_text, '\S+') > 32 then
    raise exception 'query_text has % words; at most 32', pg_catalog.regexp_count(q_text, '\S+')
      using errcode = 'SS607', hint = 'A search query is a question or a few keywords, not a document.';
  end if;

  if q_text is not null then
    ts_cfg := rag.text_search_config(query_language);
    tsq := websearch_to_tsquery(ts_cfg, q_text);
    if tsq::text = '' then tsq := null; end if;  -- only stop words: no full-text leg
    -- one word can parse to many lexemes ("a-b-c-…", "a,b,c,…"); matching and ts_rank_cd cost
    -- grows with the size of the query (an `or` of n terms reads n posting lists)
    if pg_catalog.numnode(tsq) > 31 then
      raise exception 'query_text parses to a full-text query of % nodes (terms and operators); at most 31 (16 terms)', pg_catalog.numnode(tsq)
        using errcode = 'SS608', hint = 'Use fewer words, fewer "or" alternatives and fewer punctuation-joined parts.';
    end if;
  end if;

  -- candidate pools. The semantic leg keeps the `pool` nearest chunks. Each text leg ranks a
  -- bounded sample of its matches (`scan` for full text: ts_rank_cd costs ~5 µs a row) plus
  -- every semantic candidate that matches, so that a chunk near the query and containing a very
  -- common term gets its true text rank even when the sample missed it. The trigram leg scores
  -- the semantic candidates and the `trigram_scan` best full-text matches (word similarity over
  -- a chunk costs ~50 µs a row).
  -- Ranks are competition ranks (rank()): chunks with equal leg scores share a rank, so the
  -- fusion does not depend on an arbitrary order among ties.
  pool := greatest(match_count * 20, 200);
  scan := greatest(match_count * 100, 1000);
  trigram_scan := greatest(match_count * 8, 80);

  -- pgvector 0.8: keep scanning the HNSW graph until the metadata filter has let through enough
  -- rows; a search list as long as the pool (at most pgvector's 1000). A longer list helps only
  -- where the graph is hard to search: at 1M chunks with structured embeddings a list of 200 held
  -- 98.8 of the 100 nearest and a list of 1000 held 99.0, at a cost in index pages read (docs/rag.md)
  perform pg_catalog.set_config('hnsw.iterative_scan', 'relaxed_order', true),
          pg_catalog.set_config('hnsw.ef_search', least(pool, 1000)::text, true);
  select s.embedding_storage into storage from rag.settings s where s.singleton;
  storage := coalesce(storage, 'vector');
  return query
  with semantic_raw as materialized (
    -- one branch per storage, each ordered by the expression of its index; the plan is made with
    -- the value of `storage`, so the other branch is folded away and never reads its index
    (select c.id, c.embedding operator(extensions.<=>) query_embedding as distance
     from rag.chunks c
     -- also the trigram leg's candidates when only that leg weighs
     where storage = 'vector' and query_embedding is not null and (semantic_weight > 0 or trigram_weight > 0)
       and (filter = '{}' or c.metadata @> filter)
     order by c.embedding operator(extensions.<=>) query_embedding
     limit pool)
    union all
    -- halfvec: the index orders by the half-precision distance; the distance kept (and ranked on
    -- below) is the exact one, from the vector column
    (select c.id, c.embedding operator(extensions.<=>) query_embedding as distance
     from rag.chunks c
     where storage = 'halfvec' and query_embedding is not null and (semantic_weight > 0 or trigram_weight > 0)
       and (filter = '{}' or c.metadata @> filter)
     order by (c.embedding::extensions.halfvec(1536)) operator(extensions.<=>) (query_embedding::extensions.halfvec(1536))
     limit pool)
  ),
  semantic as (
    -- relaxed_order may return neighbours slightly out of order: rank on the exact distance
    select s.id, (rank() over (order by s.distance))::integer as rank, 1 - s.distance as similarity
    from semantic_raw s
    where semantic_weight > 0 and 1 - s.distance >= match_threshold
  ),
  full_text_scored as (
    (select c.id, ts_rank_cd(c.fts, tsq)::float8 as r
     from rag.chunks c
     where tsq is not null and full_text_weight > 0
       and c.fts @@ tsq and (filter = '{}' or c.metadata @> filter)
     limit scan)
    union
    select c.id, ts_rank_cd(c.fts, tsq)::float8
    from semantic_raw s
    join rag.chunks c on c.id = s.id
    where tsq is not null and full_text_weight > 0 and c.fts @@ tsq
  ),
  full_text as materialized (
    select m.id, (rank() over (order by m.r desc))::integer as rank, m.r as score
    from full_text_scored m
  ),
  trigram_candidates as (
    -- the trigram leg re-ranks the other legs' candidates by word similarity (a typo, a partial
    -- identifier the stemmer misses): the semantic candidates and the `trigram_scan` best
    -- full-text matches. It reads no index of its own: a trigram index returns every chunk
    -- holding 60% of the query's trigrams anywhere, and each must be rechecked at the cost of a
    -- word similarity over the whole chunk; for a word made of common trigrams that is most of
    -- the table (a 24-letter word took 7.6 s on 100k chunks), whatever its length.
    select s.id from semantic_raw s
    where q_text is not null and trigram_weight > 0
    union
    -- the best full-text matches; among equal full-text ranks the nearest to the query embedding
    -- (the order the fused ties take below), not the lowest ids: a term in 100 chunks has 100
    -- matches tied at one rank, and which 80 of them get a trigram rank decides the top ten
    (select f.id from full_text f
     join rag.chunks c on c.id = f.id
     where trigram_weight > 0
     order by f.rank,
              case when query_embedding is not null then c.embedding operator(extensions.<=>) query_embedding end,
              f.id
     limit trigram_scan)
  ),
  -- the candidates' rows, fetched by id first: the similarity test below must run on these rows
  -- only, never as a trigram index scan of the whole table (whose rechecks, for a text whose
  -- trigrams are common, would cost a word similarity per chunk)
  trigram_rows as materialized (
    select c.id, c.content
    from trigram_candidates x
    join rag.chunks c on c.id = x.id
  ),
  trigram as materialized (
    select t.id, (rank() over (order by t.sim desc))::integer as rank, t.sim
    from (
      select r.id, extensions.word_similarity(q_text, r.content)::float8 as sim
      from trigram_rows r
      where q_text operator(extensions.<%) r.content
    ) t
  ),
  fused as (
    select coalesce(s.id, f.id, t.id) as id,
           s.rank as s_rank, s.similarity, f.rank as f_rank, f.score as f_score, t.rank as t_rank, t.sim,
           coalesce(semantic_weight / (rrf_k + s.rank), 0.0)
             + coalesce(full_text_weight / (rrf_k + f.rank), 0.0)
             + coalesce(trigram_weight / (rrf_k + t.rank), 0.0) as score
    from semantic s
    full join full_text f on f.id = s.id
    full join trigram t on t.id = coalesce(s.id, f.id)
  ),
  cutoff as (
    select x.score from fused x order by x.score desc, x.id offset match_count - 1 limit 1
  ),
  -- every candidate scoring at least the match_count-th score, all the ties at the boundary
  -- included (their number is bounded by the legs' pools): ties are broken by distance to the
  -- query embedding, then by id. Cutting the ties by id first would keep an arbitrary part of them:
  -- a term in 100 chunks ties them all
  finalists as (
    select x.* from fused x
    where x.score >= coalesce((select k.score from cutoff k), 0)
  )
  select c.id, c.document_id, c.content, c.metadata,
         x.s_rank, x.similarity, x.f_rank, x.f_score, x.t_rank, x.sim, x.score
  from finalists x
  join rag.chunks c on c.id = x.id
  order by x.score desc,
           case when query_embedding is not null then c.embedding operator(extensions.<=>) query_embedding end,
           x.id
  limit match_count;
  -- a NULL previous value (never set in this session) resets the setting to its default
  perform pg_catalog.set_config('hnsw.iterative_scan', prev_iterative_scan, true),
          pg_catalog.set_config('hnsw.ef_search', prev_ef_search, true);
end
$$;
comment on function rag.hybrid_search(extensions.vector, text, float8, integer, float8, float8, float8, integer, jsonb, text) is
  'Hybrid retrieval over rag.chunks: weighted RRF of semantic (HNSW, cosine, match_threshold), full-text (ts_rank_cd) and trigram (word similarity over the other legs'' candidates) legs, each bounded to a candidate pool; NULL embedding or empty text drops legs; filter is jsonb containment on metadata. Inputs bounded before any work: query_text ≤ 500 characters (SS606), ≤ 32 words (SS607), ≤ 31 query nodes (SS608); weights finite 0..1000, rrf_k 1..10000 (SS604). Security invoker.';
revoke execute on function rag.hybrid_search(extensions.vector, text, float8, integer, float8, float8, float8, integer, jsonb, text) from public;
grant execute on function rag.hybrid_search(extensions.vector, text, float8, integer, float8, float8, float8, integer, jsonb, text) to authenticated, service_role;
