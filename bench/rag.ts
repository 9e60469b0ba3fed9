// `npm run bench -- rag [--rows N] [--queries Q]`: rag.hybrid_search on N synthetic chunks
// (default 100k: clustered 1536-dim vectors, generated text with a controlled term-frequency
// spread), measured side by side in one run against
//   - the exact fused ranking (same legs and weights, every leg ranked over the whole table),
//   - a baseline written from Supabase's hybrid search guide (two legs, ts_rank_cd,
//     websearch_to_tsquery, RRF k = 50) on the same data,
//   - itself on a common term (30% of rows) vs a rare term,
//   - itself on the longest and most-term queries it accepts vs a normal query (and what it refuses),
// and the HNSW build time of `vector` vs `halfvec` on the same column.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createTestDatabase, prepareTestCluster, testEnvToProcessEnv } from "../src/testrun/cluster.ts";
import { UserError } from "../src/cli/out.ts";
import { BASELINE_SQL, EXACT_SQL, generateDataSql } from "./_rag_sql.ts";

interface Opts {
  rows: number;
  queries: number;
  recallQueries: number;
  keep: boolean;
}

function parseArgs(args: string[]): Opts {
  const o: Opts = { rows: 100_000, queries: 40, recallQueries: 20, keep: false };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === "--keep") {
      o.keep = true;
      continue;
    }
    const value = Number(args[i + 1]);
    const key = flag === "--rows" ? "rows" : flag === "--queries" ? "queries" : flag === "--recall-queries" ? "recallQueries" : undefined;
    if (!key) throw new UserError(`bench rag: unknown option ${flag} (known: --rows N, --queries Q, --recall-queries R)`);
    if (!Number.isInteger(value) || value < 1) throw new UserError(`bench rag: ${flag} expects a positive integer, got ${args[i + 1]}`);
    if (key === "rows" && value < 1000) throw new UserError("bench rag: --rows must be at least 1000");
    o[key] = value;
    i++;
  }
  return o;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

async function timed(c: pg.Client, sql: string, params: unknown[]): Promise<{ t: number; rows: { id: string }[] }> {
  const t0 = performance.now();
  const r = await c.query(sql, params);
  return { t: performance.now() - t0, rows: r.rows };
}

const HYBRID = `select id from rag.hybrid_search($1::extensions.vector, $2, match_count => 10)`;
const HYBRID_FILTERED = `select id from rag.hybrid_search($1::extensions.vector, $2, match_threshold => -1, match_count => 10, filter => $3::jsonb)`;
const BASELINE = `select id from bench.supabase_hybrid_search($2, $1::extensions.vector, 10)`;
const BASELINE_IDX = `select id from bench.supabase_hybrid_search_indexed($2, $1::extensions.vector, 10)`;
const EXACT = `select id from bench.exact_hybrid_search($1::extensions.vector, $2, 10)`;

const line = (s: string) => process.stdout.write(s + "\n");

type Query = { cls: string; emb: string; text: string; filter: string };

/** N synthetic chunks loaded without indexes (two connections in parallel), then each index built and timed. */
async function loadAndIndex(c: pg.Client, url: string, o: Opts) {
  await c.query(`set maintenance_work_mem = '2GB'; set max_parallel_maintenance_workers = 1; set synchronous_commit = off`);
  // load without indexes, then build each one and time it
  await c.query(`drop index rag.chunks_embedding_hnsw, rag.chunks_fts_gin, rag.chunks_content_trgm, rag.chunks_metadata_gin`);
  let t0 = performance.now();
  const gen = generateDataSql(o.rows);
  await c.query(gen.setup);
  // two connections fill the table in parallel (the machine has 2 cores)
  const c2 = new pg.Client({ connectionString: url });
  await c2.connect();
  c2.on("error", () => {});
  await Promise.all([c.query(gen.fill, [0, 2]), c2.query(gen.fill, [1, 2])]);
  await c2.end();
  await c.query(gen.finish);
  line(`data      ${(performance.now() - t0) / 1000 > 0 ? ((performance.now() - t0) / 1000).toFixed(0) : 0} s to generate ${o.rows} chunks`);

  const build = async (sql: string) => {
    const s = performance.now();
    await c.query(sql);
    return performance.now() - s;
  };
  const tHalf = await build(`create index chunks_embedding_halfvec on rag.chunks using hnsw ((embedding::extensions.halfvec(1536)) extensions.halfvec_cosine_ops)`);
  await c.query(`drop index rag.chunks_embedding_halfvec`);
  const tVec = await build(`create index chunks_embedding_hnsw on rag.chunks using hnsw (embedding extensions.vector_cosine_ops)`);
  const tFts = await build(`create index chunks_fts_gin on rag.chunks using gin (fts)`);
  const tTrgm = await build(`create index chunks_content_trgm on rag.chunks using gin (content extensions.gin_trgm_ops)`);
  await build(`create index chunks_metadata_gin on rag.chunks using gin (metadata jsonb_path_ops)`);
  await c.query(`vacuum analyze rag.chunks`);
  line(`index     HNSW vector ${(tVec / 1000).toFixed(1)} s · HNSW halfvec ${(tHalf / 1000).toFixed(1)} s → halfvec/vector ${ratio(tHalf, tVec)} · GIN tsvector ${(tFts / 1000).toFixed(1)} s · GIN trigram ${(tTrgm / 1000).toFixed(1)} s`);
}

/** The queries the bench times, of two classes: a common term (30% of rows) and a rare one. */
async function benchQueries(c: pg.Client, o: Opts): Promise<{ common: Query[]; rare: Query[] }> {
  await c.query(BASELINE_SQL);
  await c.query(EXACT_SQL);
  const qs = await c.query<Query>(
    `select cls, emb::text, text, filter::text from bench.queries($1) order by ord`,
    [Math.max(o.queries, o.recallQueries)],
  );
  const common = qs.rows.filter((q) => q.cls === "common");
  const rare = qs.rows.filter((q) => q.cls === "rare");
  return { common, rare };
}

/** p50/p95 of rag.hybrid_search against the guide's baseline (as documented, and index-ordered), interleaved. */
async function latency(c: pg.Client, o: Opts, common: Query[], rare: Query[]) {
  // warm-up: each function over a few queries of each class (caches, plans)
  for (const q of [...common.slice(0, 5), ...rare.slice(0, 5)]) {
    await c.query(HYBRID, [q.emb, q.text]);
    await c.query(BASELINE, [q.emb, q.text]);
    await c.query(BASELINE_IDX, [q.emb, q.text]);
  }
  const lat = { hybridCommon: [] as number[], hybridRare: [] as number[], baseCommon: [] as number[], baseRare: [] as number[], idxCommon: [] as number[], idxRare: [] as number[] };
  for (let i = 0; i < o.queries; i++) {
    const qc = common[i % common.length]!;
    const qr = rare[i % rare.length]!;
    // interleaved so that drift (caches, autovacuum) hits both sides alike
    lat.hybridCommon.push((await timed(c, HYBRID, [qc.emb, qc.text])).t);
    lat.baseCommon.push((await timed(c, BASELINE, [qc.emb, qc.text])).t);
    lat.idxCommon.push((await timed(c, BASELINE_IDX, [qc.emb, qc.text])).t);
    lat.hybridRare.push((await timed(c, HYBRID, [qr.emb, qr.text])).t);
    lat.baseRare.push((await timed(c, BASELINE, [qr.emb, qr.text])).t);
    lat.idxRare.push((await timed(c, BASELINE_IDX, [qr.emb, qr.text])).t);
  }
  const hAll = [...lat.hybridCommon, ...lat.hybridRare];
  const bAll = [...lat.baseCommon, ...lat.baseRare];
  const iAll = [...lat.idxCommon, ...lat.idxRare];
  line(`latency   (half the queries a common term, half a rare term)`);
  line(`  rag.hybrid_search (3 legs)                     p50 ${ms(pct(hAll, 50))}  p95 ${ms(pct(hAll, 95))}`);
  line(`  Supabase guide, as documented (2 legs)         p50 ${ms(pct(bAll, 50))}  p95 ${ms(pct(bAll, 95))}`);
  line(`  Supabase guide, semantic leg index-ordered     p50 ${ms(pct(iAll, 50))}  p95 ${ms(pct(iAll, 95))}`);
  line(`  → p95 hybrid/guide as documented ${ratio(pct(hAll, 95), pct(bAll, 95))} (target ≤ 1.00×)   [common term ${ratio(pct(lat.hybridCommon, 95), pct(lat.baseCommon, 95))}, rare term ${ratio(pct(lat.hybridRare, 95), pct(lat.baseRare, 95))}]`);
  line(`  → p95 hybrid/guide index-ordered ${ratio(pct(hAll, 95), pct(iAll, 95))}   [common term ${ratio(pct(lat.hybridCommon, 95), pct(lat.idxCommon, 95))}, rare term ${ratio(pct(lat.hybridRare, 95), pct(lat.idxRare, 95))}]`);
  line(`  → p95 common/rare term: hybrid_search ${ratio(pct(lat.hybridCommon, 95), pct(lat.hybridRare, 95))} (target ≤ 2.00×; ${ms(pct(lat.hybridCommon, 95))} vs ${ms(pct(lat.hybridRare, 95))}) · guide as documented ${ratio(pct(lat.baseCommon, 95), pct(lat.baseRare, 95))} · index-ordered ${ratio(pct(lat.idxCommon, 95), pct(lat.idxRare, 95))}`);
}

/** The largest queries rag.hybrid_search accepts against a normal one, then what it refuses. */
async function boundedInputs(c: pg.Client, o: Opts, common: Query[], rare: Query[]) {
  // bounded inputs: the largest queries rag.hybrid_search still accepts, against a normal query
  // (a common or a rare term, alternately), interleaved in one loop; then what it refuses
  const big = await c.query<{ long: string; alts: string; many: string; token: string }>(`
    select
      -- 500 characters (the length limit) in 16 words (16 terms, 31 nodes: the node limit), each
      -- four vocabulary words glued and cut to 30 letters
      rpad((select string_agg(rpad(bench.word(i * 7) || bench.word(i * 11) || bench.word(i * 13) || bench.word(i * 17), 30, 'x'), ' ') from generate_series(1, 16) i), 500, 'x') as long,
      -- the 16 most frequent words joined by "or" (31 words: the most alternatives the word limit
      -- lets through), the largest posting lists
      (select string_agg(bench.word(i), ' or ') from generate_series(0, 15) i) as alts,
      -- the 16 most frequent words as two comma-joined phrases joined by "or": 16 terms, 31 nodes
      -- (the node limit)
      (select string_agg(bench.word(i), ',') from generate_series(0, 7) i) || ' or '
        || (select string_agg(bench.word(i), ',') from generate_series(8, 15) i) as many,
      -- one word of 32 letters made of common trigrams (such a word used to make the trigram
      -- leg recheck most of the table)
      left((select string_agg(bench.word(i * 13), '') from generate_series(1, 6) i), 32) as token`);
  const { long, alts, many, token } = big.rows[0]!;
  const cases: [string, string][] = [["long", long], ["alts", alts], ["many", many], ["token", token]];
  for (const [, text] of cases) await c.query(HYBRID, [common[0]!.emb, text]); // warm-up
  const bounded: Record<string, number[]> = { normal: [], long: [], alts: [], many: [], token: [] };
  // every case with the same embedding in one round; the order rotates from round to round, so
  // that each case comes first (and pays for the HNSW pages of a new embedding) as often as the others
  const all: [string, string | undefined][] = [["normal", undefined], ...cases];
  for (let i = 0; i < o.queries; i++) {
    const q = i % 2 ? rare[i % rare.length]! : common[i % common.length]!;
    for (let j = 0; j < all.length; j++) {
      const [name, text] = all[(i + j) % all.length]!;
      bounded[name]!.push((await timed(c, HYBRID, [q.emb, text ?? q.text])).t);
    }
  }
  const p95n = pct(bounded.normal!, 95);
  line(`bounded   largest accepted queries vs a normal one (a common or rare term), interleaved; target ≤ 3.00×`);
  line(`  normal query                                          p95 ${ms(p95n)}`);
  const label: Record<string, string> = {
    long: `longest: ${long.length} characters, 16 words`,
    alts: `most "or" alternatives: 16 common terms, 31 nodes`,
    many: `16 common terms in 2 phrases joined by or, 31 nodes`,
    token: `one ${token.length}-letter word of common trigrams`,
  };
  for (const [name] of cases) line(`  ${label[name]!.padEnd(52)}  p95 ${ms(pct(bounded[name]!, 95))}  → ${ratio(pct(bounded[name]!, 95), p95n)}`);
  await refusedInputs(c);
}

async function refusedInputs(c: pg.Client) {
  const refused: [string, string][] = [
    ["a 30 KB token", "repeat('x', 30000)"],
    ["a 1 MB token", "repeat('x', 1048576)"],
    ["1000 terms joined by or", "(select string_agg(bench.word(i), ' or ') from generate_series(0, 999) i)"],
    ["25,000 words", "(select string_agg(bench.word(i % 4000), ' ') from generate_series(0, 24999) i)"],
    ["33 words", "(select string_agg(bench.word(i), ' ') from generate_series(0, 32) i)"],
    ["17 terms in one word (a,b,…)", "(select string_agg(bench.word(i), ',') from generate_series(0, 16) i)"],
  ];
  const outcomes: string[] = [];
  for (const [name, expr] of refused) {
    const s0 = performance.now();
    try {
      await c.query(`select id from rag.hybrid_search(null, ${expr})`);
      outcomes.push(`${name}: ACCEPTED`);
    } catch (e) {
      outcomes.push(`${name}: ${(e as { code?: string }).code} in ${ms(performance.now() - s0)}`);
    }
  }
  line(`  refused: ${outcomes.join(" · ")}`);
}

async function recallAt10(c: pg.Client, o: Opts, common: Query[], rare: Query[]) {
  // recall@10 against the exact fused ranking
  const recall = async (list: typeof common) => {
    let hit = 0;
    let total = 0;
    for (const q of list.slice(0, o.recallQueries)) {
      const got = new Set((await c.query(HYBRID, [q.emb, q.text])).rows.map((r) => String(r.id)));
      const exact = (await c.query(EXACT, [q.emb, q.text])).rows.map((r) => String(r.id));
      total += exact.length;
      hit += exact.filter((id) => got.has(id)).length;
    }
    return total ? hit / total : 1;
  };
  const rc = await recall(common);
  const rr = await recall(rare);
  line(`recall@10 vs exact fused ranking: ${(((rc + rr) / 2)).toFixed(3)} (target ≥ 0.95) · common term ${rc.toFixed(3)} · rare term ${rr.toFixed(3)}`);
}

async function filteredRows(c: pg.Client, rare: Query[]) {
  // a selective metadata filter (2% of rows): rows returned with and without iterative scans
  let full = 0;
  let plain = 0;
  const n = Math.min(20, rare.length);
  for (const q of rare.slice(0, n)) {
    full += (await c.query(HYBRID_FILTERED, [q.emb, "", q.filter])).rows.length;
    await c.query("begin");
    await c.query("set local hnsw.iterative_scan = off");
    plain += (
      await c.query(`select id from rag.chunks where metadata @> $2::jsonb order by embedding operator(extensions.<=>) $1::extensions.vector limit 10`, [q.emb, q.filter])
    ).rows.length;
    await c.query("commit");
  }
  line(`filter    metadata filter matching 2% of rows, semantic leg only: ${(full / n).toFixed(1)}/10 rows per query with iterative scan · ${(plain / n).toFixed(1)}/10 with a plain HNSW scan (iterative_scan = off)`);
}

export async function run(args: string[]) {
  const o = parseArgs(args);
  const t = await prepareTestCluster();
  Object.assign(process.env, testEnvToProcessEnv(t));
  const db = await createTestDatabase("bench_rag");
  const c = new pg.Client({ connectionString: db.url, application_name: "bench-rag" });
  await c.connect();
  c.on("error", () => {});
  try {
    line(`rag bench: ${o.rows} chunks, 1536 dimensions, ${o.queries} timed queries per class, ${o.recallQueries} recall queries per class`);
    await loadAndIndex(c, db.url, o);
    const { common, rare } = await benchQueries(c, o);
    await latency(c, o, common, rare);
    await boundedInputs(c, o, common, rare);
    await recallAt10(c, o, common, rare);
    await filteredRows(c, rare);
  } finally {
    await c.end().catch(() => {});
    if (o.keep) line(`kept the database: ${db.url}`);
    else await db.drop();
  }
}
