-- rag.hybrid_search: weighted Reciprocal Rank Fusion of three rankings of rag.chunks:
--   semantic  — cosine distance on the HNSW index (pgvector 0.8 iterative scan, so a metadata
--               filter still yields a full candidate pool), then match_threshold on similarity;
--   full text — websearch_to_tsquery in the query language, ranked by ts_rank_cd;
--   trigram   — word similarity of the query text inside the chunk (typos, identifiers).
-- Each leg is bounded: the semantic leg to its `pool` nearest chunks, the text legs to a sample
-- of their matches plus the semantic candidates that match, so a term that matches a third of
-- the table costs about what a rare term costs. A NULL
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
  q_text text := nullif(btrim(coalesce(query_text, '')), '');
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
  if match_count is null or match_count < 1 or match_count > 200 then
    raise exception 'match_count must be between 1 and 200 (got %)', coalesce(match_count::text, 'null')
      using errcode = 'SS603';
  end if;
  if coalesce(full_text_weight, -1) < 0 or coalesce(semantic_weight, -1) < 0 or coalesce(trigram_weight, -1) < 0
     or full_text_weight + semantic_weight + trigram_weight = 0 then
    raise exception 'weights must be >= 0 and not all 0 (full_text %, semantic %, trigram %)',
      full_text_weight, semantic_weight, trigram_weight
      using errcode = 'SS604';
  end if;
  if rrf_k is null or rrf_k < 1 then
    raise exception 'rrf_k must be >= 1 (got %)', coalesce(rrf_k::text, 'null') using errcode = 'SS604';
  end if;
  if match_threshold is null or match_threshold < -1 or match_threshold > 1 then
    raise exception 'match_threshold is a cosine similarity between -1 and 1 (got %)', coalesce(match_threshold::text, 'null')
      using errcode = 'SS604';
  end if;
  if filter is null or jsonb_typeof(filter) <> 'object' then
    raise exception 'filter must be a JSON object matched by containment against chunk metadata (got %)', coalesce(filter::text, 'null')
      using errcode = 'SS605';
  end if;
  -- parameter typmods are not enforced, so the dimension is checked here
  if query_embedding is not null and extensions.vector_dims(query_embedding) <> 1536 then
    raise exception 'query_embedding has % dimensions; rag.chunks holds 1536-dimension embeddings', extensions.vector_dims(query_embedding)
      using errcode = 'SS602', hint = 'Embed the query with the model used at ingest time.';
  end if;

  if q_text is not null then
    ts_cfg := rag.text_search_config(query_language);
    tsq := websearch_to_tsquery(ts_cfg, q_text);
    if tsq::text = '' then tsq := null; end if;  -- only stop words: no full-text leg
  end if;

  -- candidate pools. The semantic leg keeps the `pool` nearest chunks. Each text leg ranks a
  -- bounded sample of its matches (`scan` for full text: ts_rank_cd costs ~5 µs a row;
  -- `trigram_scan` for trigrams: word similarity over a chunk costs ~50 µs a row) plus every
  -- semantic candidate that matches, so that a chunk near the query and containing a very
  -- common term gets its true text rank even when the sample missed it.
  -- Ranks are competition ranks (rank()): chunks with equal leg scores share a rank, so the
  -- fusion does not depend on an arbitrary order among ties.
  pool := greatest(match_count * 20, 200);
  scan := greatest(match_count * 100, 1000);
  trigram_scan := greatest(match_count * 8, 80);

  -- pgvector 0.8: keep scanning the HNSW graph until the metadata filter has let through enough
  -- rows; a wider search list for the pool of 200
  perform pg_catalog.set_config('hnsw.iterative_scan', 'relaxed_order', true),
          pg_catalog.set_config('hnsw.ef_search', '200', true);
  return query
  with semantic_raw as materialized (
    select c.id, c.embedding operator(extensions.<=>) query_embedding as distance
    from rag.chunks c
    where query_embedding is not null and semantic_weight > 0
      and (filter = '{}' or c.metadata @> filter)
    order by c.embedding operator(extensions.<=>) query_embedding
    limit pool
  ),
  semantic as (
    -- relaxed_order may return neighbours slightly out of order: rank on the exact distance
    select s.id, (rank() over (order by s.distance))::integer as rank, 1 - s.distance as similarity
    from semantic_raw s
    where 1 - s.distance >= match_threshold
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
    -- the trigram leg is for what the stemmer misses (typos, partial identifiers): when the
    -- full-text leg already filled its sample, the query's words are common and the trigram
    -- index would only be read at the cost of the term's frequency, so the leg then scores
    -- the semantic candidates alone
    (select c.id
     from rag.chunks c
     where q_text is not null and trigram_weight > 0
       and (select count(*) from full_text) < scan
       and q_text operator(extensions.<%) c.content and (filter = '{}' or c.metadata @> filter)
     limit trigram_scan)
    union
    select s.id from semantic_raw s
    where q_text is not null and trigram_weight > 0
  ),
  trigram as materialized (
    select t.id, (rank() over (order by t.sim desc))::integer as rank, t.sim
    from (
      select c.id, extensions.word_similarity(q_text, c.content)::float8 as sim
      from trigram_candidates x
      join rag.chunks c on c.id = x.id
      where q_text operator(extensions.<%) c.content
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
  -- every candidate scoring at least the match_count-th score (ties at the boundary included,
  -- at most 40 more): ties are broken by distance to the query embedding, then by id
  finalists as (
    select x.* from fused x
    where x.score >= coalesce((select k.score from cutoff k), 0)
    order by x.score desc, x.id
    limit match_count + 40
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
  'Hybrid retrieval over rag.chunks: weighted RRF of semantic (HNSW, cosine, match_threshold), full-text (ts_rank_cd) and trigram legs, each bounded to a candidate pool; NULL embedding or empty text drops legs; filter is jsonb containment on metadata. Security invoker.';
revoke execute on function rag.hybrid_search(extensions.vector, text, float8, integer, float8, float8, float8, integer, jsonb, text) from public;
grant execute on function rag.hybrid_search(extensions.vector, text, float8, integer, float8, float8, float8, integer, jsonb, text) to authenticated, service_role;
