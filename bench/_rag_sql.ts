// SQL for the rag benchmark (bench/rag.ts): synthetic data, the baseline and the exact ranking.
// The file name starts with "_" so `ssot bench` does not list it as a benchmark.

export const VOCAB = 4000;
export const CLUSTERS = 100;
export const SHARDS = 50; // metadata {"shard": n}: a filter matching 2% of rows
export const RARE_WORDS = 40;

/** How the synthetic embeddings spread around their cluster centre (`--embeddings`). */
export type Shape = "structured" | "isotropic";
export const SHAPES: Shape[] = ["structured", "isotropic"];
export const LATENT_DIMS = 16;

/**
 * The embedding of a chunk or a query, an SQL expression over the cluster centre `centre`
 * (correlated with `n`, so that it is drawn again for every row):
 *   - structured: the centre plus a point of a 16-dimension latent space (16 shared directions,
 *     each at one of 8 levels) plus a small isotropic noise (a tenth of the isotropic shape's).
 *     Embeddings of real text lie near such a low-dimension structure; what is near the query in
 *     it is near in the 1536 dimensions too;
 *   - isotropic: the centre plus uniform noise in all 1536 dimensions (queries: 0.8 of it). No
 *     structure at all: every chunk of a cluster is about as far from the query as every other,
 *     the worst case for any approximate nearest-neighbour index (a stress case, not a model of
 *     text).
 */
export function embeddingSql(shape: Shape, centre: string, n: string, query: boolean): string {
  const noise = (amp: number) =>
    `(select array_agg(((random() - 0.5) * ${amp})::real) from generate_series(1, 1536) i where ${n} >= 0)::extensions.vector(1536)`;
  if (shape === "isotropic") return `${centre} operator(extensions.+) ${noise(query ? 0.8 : 1)}`;
  const latent = `(select extensions.sum(b.v) from (select k, floor(random() * 8)::int as level from generate_series(0, ${LATENT_DIMS - 1}) k where ${n} >= 0) z join bench.basis b using (k, level))`;
  return `${centre} operator(extensions.+) ${latent} operator(extensions.+) ${noise(0.1)}`;
}

/**
 * Data: `rows` chunks in documents of 100. Text: 30–60 words drawn from a 4000-word vocabulary
 * with a Zipf-like (log-uniform) spread; "postgres" in 30% of chunks (1–3 times); each of 40 rare
 * words in 0.01% of chunks. Vectors: one of 100 random cluster centres plus a spread of `shape`.
 * Ids are a random permutation, so physical order says nothing about id order (ties in a ranking
 * are broken by id; a bounded scan must not be flattered by reading rows in id order).
 */
export function generateDataSql(rows: number, shape: Shape) {
  const setup = `
    create schema bench;
    -- word i of the vocabulary: three syllables picked by the digits of i in base 16
    create function bench.word(i int) returns text language sql immutable as $f$
      select (array['ba','ko','ri','mu','te','la','no','si','da','pe','fu','go','hi','ja','ve','zu'])[1 + (i % 16)]
          || (array['ra','mo','ki','tu','ne','lo','pa','zi','bu','de','ga','fo','mi','so','ta','wu'])[1 + ((i / 16) % 16)]
          || (array['na','ko','vi','ru','sa','ma','lu','do','pi','ga','te','bo','ze','fa','hu','yo'])[1 + ((i / 256) % 16)]
    $f$;
    create table bench.rare as
      select k, 'qx' || (array['zan','vor','plim','drok','snev','quar','blim','trov'])[1 + (k % 8)] || (array['ith','ulm','esk','arb','oth'])[1 + (k / 8)] as word
      from generate_series(0, ${RARE_WORDS - 1}) k;
    create table bench.centers as
      select g as cid, (select array_agg((random() * 2 - 1)::real) from generate_series(1, 1536) i where g >= 0)::extensions.vector(1536) as v
      from generate_series(0, ${CLUSTERS - 1}) g;
    -- the latent directions of the structured shape, each at 8 levels (-1.75 … 1.75 times it)
    create table bench.basis as
      select d.k, l.level, (select array_agg(x * (l.level - 3.5)::real / 2) from unnest(d.v) x)::extensions.vector(1536) as v
      from (select k, (select array_agg(((random() - 0.5) * 0.25)::real) from generate_series(1, 1536) i where k >= 0) as v
              from generate_series(0, ${LATENT_DIMS - 1}) k) d
      cross join generate_series(0, 7) l(level);
    create unique index on bench.basis (k, level);
    create table bench.perm as
      select n, (row_number() over (order by random()))::bigint as id from generate_series(0, ${rows - 1}) n;
    create unique index on bench.perm (n);
    insert into rag.documents (source, title, language, content_sha256, provenance)
      select 'bench://doc/' || d, 'bench document ' || d, 'english', encode(sha256(d::text::bytea), 'hex'), '{"bench": true}'
      from generate_series(0, ${Math.ceil(rows / 100) - 1}) d;
    create table bench.docs as
      select (regexp_replace(source, '^bench://doc/', ''))::int as d, id from rag.documents where source like 'bench://doc/%';
    create unique index on bench.docs (d);
  `;
  // $1..$2 = the range of n this batch fills
  const fill = `
    insert into rag.chunks (id, document_id, ordinal, content, embedding, metadata)
    overriding system value
    select p.id, d.id, p.n % 100,
      concat_ws(' ',
        case when p.n % 10 < 3 then repeat('postgres ', 1 + (p.n / 10) % 3) end,
        (select string_agg(bench.word(floor(exp(random() * ln(${VOCAB})))::int - 1 + 0 * j), ' ')
           from generate_series(1, 30 + ((p.n::bigint * 7919) % 31)::int) j),
        case when p.n % 1000 < 4 then (select r.word from bench.rare r where r.k = (p.n / 1000) % ${RARE_WORDS}) end
      ),
      ${embeddingSql(shape, "c.v", "p.n", false)},
      jsonb_build_object('cluster', c.cid, 'shard', p.id % ${SHARDS})
    from bench.perm p
    join bench.docs d on d.d = p.n / 100
    -- the cluster follows the shuffled id, so it says nothing about the words (which follow n)
    join bench.centers c on c.cid = (p.id * 31) % ${CLUSTERS}
    where p.n >= $1 and p.n < $2`;
  const finish = `select setval(pg_get_serial_sequence('rag.chunks', 'id'), (select max(id) from rag.chunks))`;
  return { setup, fill, finish };
}

/** The guide's function under `name`, with `semantic` as its semantic leg. */
const guideFunction = (name: string, semantic: string) => `
  create or replace function bench.${name}(
    query_text text, query_embedding extensions.vector(1536), match_count int,
    full_text_weight float = 1, semantic_weight float = 1, rrf_k int = 50)
  returns setof rag.chunks
  language sql stable
  as $$
  with full_text as (
    select id,
      row_number() over(order by ts_rank_cd(fts, websearch_to_tsquery('english', query_text)) desc) as rank_ix
    from rag.chunks
    where fts @@ websearch_to_tsquery('english', query_text)
    order by rank_ix
    limit least(match_count, 30) * 2
  ),
  semantic as (${semantic}
  )
  select rag.chunks.*
  from full_text
  full outer join semantic on full_text.id = semantic.id
  join rag.chunks on coalesce(full_text.id, semantic.id) = rag.chunks.id
  order by
    coalesce(1.0 / (rrf_k + full_text.rank_ix), 0.0) * full_text_weight +
    coalesce(1.0 / (rrf_k + semantic.rank_ix), 0.0) * semantic_weight
    desc
  limit least(match_count, 30)
  $$;`;

/**
 * The baseline, as Supabase's hybrid search guide writes it (two legs, RRF k = 50, each leg
 * `least(match_count, 30) * 2` long, ts_rank_cd over websearch_to_tsquery), on rag.chunks.
 * One change: the guide orders the semantic leg by `<#>` (inner product) with an inner-product
 * index; here it uses `<=>` so that it shares the cosine HNSW index with rag.hybrid_search
 * (the order differs only for vectors of different lengths). Session settings are the defaults
 * the guide runs with (hnsw.ef_search 40).
 */
export const BASELINE_SQL = `${guideFunction("supabase_hybrid_search", `
    select id, row_number() over (order by embedding operator(extensions.<=>) query_embedding) as rank_ix
    from rag.chunks
    order by rank_ix
    limit least(match_count, 30) * 2`)}
  comment on function bench.supabase_hybrid_search(text, extensions.vector, int, float, float, int) is
    'Baseline from Supabase''s hybrid search guide (benchmark only).';

  -- The same, with one rewrite: the guide's semantic leg (row_number() over (order by distance),
  -- then order by rank_ix) sorts every row and never uses the HNSW index; here the leg is an
  -- index-ordered top-k and row_number() is computed on it afterwards. A second, stronger baseline.
  ${guideFunction("supabase_hybrid_search_indexed", `
    select id, row_number() over (order by d) as rank_ix
    from (
      select id, embedding operator(extensions.<=>) query_embedding as d
      from rag.chunks
      order by embedding operator(extensions.<=>) query_embedding
      limit least(match_count, 30) * 2
    ) k`)}
`;

/** The query set: per class, an embedding near one cluster centre (of `shape`) and a query text. */
export const querySetSql = (shape: Shape) => `
  -- query set: per class, an embedding near one cluster centre and a query text
  create or replace function bench.queries(per_class int)
  returns table (ord int, cls text, emb extensions.vector, text text, filter jsonb)
  language sql volatile as $$
    select row_number() over ()::int, q.cls, q.emb, q.text, q.filter from (
      select 'common' as cls, g,
             ${embeddingSql(shape, "c.v", "g", true)} as emb,
             'postgres' as text, jsonb_build_object('shard', g % ${SHARDS}) as filter
      from generate_series(1, per_class) g join bench.centers c on c.cid = (g * 7) % ${CLUSTERS}
      union all
      select 'rare', g,
             ${embeddingSql(shape, "c.v", "g", true)},
             (select r.word from bench.rare r where r.k = g % ${RARE_WORDS}), jsonb_build_object('shard', g % ${SHARDS})
      from generate_series(1, per_class) g join bench.centers c on c.cid = (g * 13) % ${CLUSTERS}
    ) q order by q.cls, q.g
  $$;
`;

/**
 * The exact fused ranking: the same three legs, weights and competition ranks (ties share a rank)
 * as rag.hybrid_search with its defaults, but every leg ranks the whole table (exact nearest
 * neighbours by a sequential scan, every full-text and trigram match ranked), fused over the
 * complete rankings; fused ties broken by id (rag.hybrid_search breaks them by distance to the query
 * first; here every chunk has its own semantic rank, so fused ties are rare).
 */
export const EXACT_SQL = `
  drop function if exists bench.exact_hybrid_search(extensions.vector, text, int);
  create function bench.exact_hybrid_search(query_embedding extensions.vector(1536), query_text text, match_count int)
  returns table (id bigint, score float8, semantic_rank bigint, full_text_rank bigint, trigram_rank bigint)
  language sql stable
  set enable_indexscan = off
  as $$
  with semantic as (
    select c.id, rank() over (order by c.embedding operator(extensions.<=>) query_embedding) as rank
    from rag.chunks c
  ),
  full_text as (
    select c.id, rank() over (order by ts_rank_cd(c.fts, websearch_to_tsquery('english', query_text))::float8 desc) as rank
    from rag.chunks c where c.fts @@ websearch_to_tsquery('english', query_text)
  ),
  trigram as (
    select c.id, rank() over (order by extensions.word_similarity(query_text, c.content)::float8 desc) as rank
    from rag.chunks c where query_text operator(extensions.<%) c.content
  )
  select coalesce(s.id, f.id, t.id),
         coalesce(1.0 / (50 + s.rank), 0) + coalesce(1.0 / (50 + f.rank), 0) + coalesce(0.5 / (50 + t.rank), 0) as score,
         s.rank, f.rank, t.rank
  from semantic s
  full join full_text f on f.id = s.id
  full join trigram t on t.id = coalesce(s.id, f.id)
  order by score desc, 1
  limit match_count
  $$;
`;
