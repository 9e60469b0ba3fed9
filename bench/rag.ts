// `npm run bench -- rag [--chunks N] [--queries Q] [--recall-queries R] [--reuse] [--keep]
//                       [--maintenance-work-mem MB] [--parallel-workers W] [--storage vector|halfvec]
//                       [--embeddings structured|isotropic]`: rag.hybrid_search on N synthetic
// chunks (default 100k: clustered 1536-dim vectors, structured by default, see bench/_rag_sql.ts;
// generated text with a controlled term-frequency spread; --rows is an alias of --chunks), with
// the HNSW index stored as `vector`
// and as `halfvec` (rag.settings.embedding_storage) side by side, measured against
//   - the exact fused ranking (same legs and weights, every leg ranked over the whole table),
//   - a baseline written from Supabase's hybrid search guide (two legs, ts_rank_cd,
//     websearch_to_tsquery, RRF k = 50) on the same data, as documented and index-ordered,
//   - itself on a common term (30% of rows) vs a rare term,
//   - itself on the longest and most-term queries it accepts vs a normal query (and what it refuses);
// ingest progress and rate, each HNSW index's build time, size and memory. --storage builds and
// measures one storage only. With --reuse the data, the indexes, the queries and their exact
// rankings are kept (bench/_rag_load.ts, bench/_rag_recall.ts) and the current rag.hybrid_search
// is measured on them.
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { prepareTestCluster, testEnvToProcessEnv } from "../src/testrun/cluster.ts";
import { UserError } from "../src/cli/out.ts";
import { benchQueries, exactRankings, recallAt10, type Query } from "./_rag_recall.ts";
import { benchDatabase, keptName, loadAndIndex, runningClusterWith, STORAGES, type Storage } from "./_rag_load.ts";
import { SHAPES, type Shape } from "./_rag_sql.ts";
import { stringOption } from "./_util.ts";

interface Opts {
  rows: number;
  queries: number;
  recallQueries: number;
  keep: boolean;
  reuse: boolean;
  mwmMB?: number;
  workers: number;
  storages: Storage[];
  shape: Shape;
}

const FLAGS: Record<string, keyof Opts> = {
  "--chunks": "rows", "--rows": "rows", "--queries": "queries", "--recall-queries": "recallQueries",
  "--maintenance-work-mem": "mwmMB", "--parallel-workers": "workers",
};

function parseArgs(args: string[]): Opts {
  const o: Opts = { rows: 100_000, queries: 40, recallQueries: 20, keep: false, reuse: false, workers: 1, storages: STORAGES, shape: "structured" };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    if (flag === "--storage" || flag === "--embeddings") {
      i++; // read below, with the values each takes
      continue;
    }
    if (flag === "--keep" || flag === "--reuse") {
      o[flag === "--keep" ? "keep" : "reuse"] = true;
      continue;
    }
    const value = Number(args[i + 1]);
    const key = FLAGS[flag];
    if (!key) throw new UserError(`bench rag: unknown option ${flag} (known: --chunks N (alias --rows), --queries Q, --recall-queries R, --maintenance-work-mem MB, --parallel-workers W, --storage vector|halfvec, --embeddings structured|isotropic, --reuse, --keep)`);
    if (!Number.isInteger(value) || value < (key === "workers" ? 0 : 1)) throw new UserError(`bench rag: ${flag} expects a positive integer, got ${args[i + 1]}`);
    if (key === "rows" && value < 1000) throw new UserError("bench rag: --chunks must be at least 1000");
    (o as unknown as Record<string, number>)[key] = value;
    i++;
  }
  try {
    if (args.includes("--storage")) o.storages = [stringOption(args, "storage", "vector", STORAGES) as Storage];
    o.shape = stringOption(args, "embeddings", "structured", SHAPES) as Shape;
  } catch (e) {
    throw new UserError(`bench rag: ${(e as Error).message}`);
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

const line = (s: string) => process.stdout.write(s + "\n");

/** The guide's function as documented sorts the whole table per query: timed in full up to this size. */
const DOCUMENTED_FULL_UP_TO = 200_000;

/** p50/p95 of rag.hybrid_search (under `storage`) against the guide's baseline, interleaved. */
async function latency(c: pg.Client, o: Opts, common: Query[], rare: Query[], storage: Storage) {
  await c.query(`select rag.set_embedding_storage($1)`, [storage]);
  const documented = o.rows <= DOCUMENTED_FULL_UP_TO;
  // warm-up: each function over a few queries of each class (caches, plans)
  for (const q of [...common.slice(0, 5), ...rare.slice(0, 5)]) {
    await c.query(HYBRID, [q.emb, q.text]);
    if (documented) await c.query(BASELINE, [q.emb, q.text]);
    await c.query(BASELINE_IDX, [q.emb, q.text]);
  }
  const lat = { hybridCommon: [] as number[], hybridRare: [] as number[], baseCommon: [] as number[], baseRare: [] as number[], idxCommon: [] as number[], idxRare: [] as number[] };
  // past DOCUMENTED_FULL_UP_TO chunks the documented guide runs on 2 queries per class only
  for (let i = 0; i < o.queries; i++) {
    const qc = common[i % common.length]!;
    const qr = rare[i % rare.length]!;
    const doc = documented || i < 2;
    // interleaved so that drift (caches, autovacuum) hits both sides alike
    lat.hybridCommon.push((await timed(c, HYBRID, [qc.emb, qc.text])).t);
    if (doc) lat.baseCommon.push((await timed(c, BASELINE, [qc.emb, qc.text])).t);
    lat.idxCommon.push((await timed(c, BASELINE_IDX, [qc.emb, qc.text])).t);
    lat.hybridRare.push((await timed(c, HYBRID, [qr.emb, qr.text])).t);
    if (doc) lat.baseRare.push((await timed(c, BASELINE, [qr.emb, qr.text])).t);
    lat.idxRare.push((await timed(c, BASELINE_IDX, [qr.emb, qr.text])).t);
  }
  const hAll = [...lat.hybridCommon, ...lat.hybridRare];
  const bAll = [...lat.baseCommon, ...lat.baseRare];
  const iAll = [...lat.idxCommon, ...lat.idxRare];
  line(`latency   [${storage}] (half the queries a common term, half a rare term)`);
  line(`  rag.hybrid_search (3 legs), ${storage.padEnd(7)} index       p50 ${ms(pct(hAll, 50))}  p95 ${ms(pct(hAll, 95))}`);
  line(`  Supabase guide, as documented (2 legs)         p50 ${ms(pct(bAll, 50))}  p95 ${ms(pct(bAll, 95))}${documented ? "" : `  (${bAll.length} queries only: it sorts all ${o.rows} chunks per query)`}`);
  line(`  Supabase guide, semantic leg index-ordered     p50 ${ms(pct(iAll, 50))}  p95 ${ms(pct(iAll, 95))}`);
  line(`  → p95 hybrid/guide as documented ${ratio(pct(hAll, 95), pct(bAll, 95))} (target ≤ 1.00×)   [common term ${ratio(pct(lat.hybridCommon, 95), pct(lat.baseCommon, 95))}, rare term ${ratio(pct(lat.hybridRare, 95), pct(lat.baseRare, 95))}]`);
  line(`  → p95 hybrid/guide index-ordered ${ratio(pct(hAll, 95), pct(iAll, 95))} (target ≤ 0.60×)   [common term ${ratio(pct(lat.hybridCommon, 95), pct(lat.idxCommon, 95))}, rare term ${ratio(pct(lat.hybridRare, 95), pct(lat.idxRare, 95))}]`);
  line(`  → p95 common/rare term: hybrid_search ${ratio(pct(lat.hybridCommon, 95), pct(lat.hybridRare, 95))} (target ≤ 2.00×; ${ms(pct(lat.hybridCommon, 95))} vs ${ms(pct(lat.hybridRare, 95))}) · guide as documented ${ratio(pct(lat.baseCommon, 95), pct(lat.baseRare, 95))} · index-ordered ${ratio(pct(lat.idxCommon, 95), pct(lat.idxRare, 95))}`);
  return pct(hAll, 95) / pct(iAll, 95);
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

const ORDER: Record<Storage, string> = {
  vector: "embedding operator(extensions.<=>) $1::extensions.vector",
  halfvec: "(embedding::extensions.halfvec(1536)) operator(extensions.<=>) ($1::extensions.vector::extensions.halfvec(1536))",
};

async function filteredRows(c: pg.Client, rare: Query[], storage: Storage) {
  await c.query(`select rag.set_embedding_storage($1)`, [storage]);
  // a selective metadata filter (2% of rows): rows returned with and without iterative scans
  let full = 0;
  let plain = 0;
  const n = Math.min(20, rare.length);
  for (const q of rare.slice(0, n)) {
    full += (await c.query(HYBRID_FILTERED, [q.emb, "", q.filter])).rows.length;
    await c.query("begin");
    await c.query("set local hnsw.iterative_scan = off");
    plain += (await c.query(`select id from rag.chunks where metadata @> $2::jsonb order by ${ORDER[storage]} limit 10`, [q.emb, q.filter])).rows.length;
    await c.query("commit");
  }
  line(`filter    [${storage}] metadata filter matching 2% of rows, semantic leg only: ${(full / n).toFixed(1)}/10 rows per query with iterative scan · ${(plain / n).toFixed(1)}/10 with a plain HNSW scan (iterative_scan = off)`);
}

export async function run(args: string[]) {
  const o = parseArgs(args);
  const kept = o.reuse ? await runningClusterWith(keptName(o.rows, o.shape)) : undefined;
  if (kept) line(`reusing ${keptName(o.rows, o.shape)} on the running test cluster (not prepared again)`);
  let rootUrl = kept;
  if (!rootUrl) {
    const t = await prepareTestCluster();
    Object.assign(process.env, testEnvToProcessEnv(t));
    rootUrl = t.rootUrl;
  }
  const db = await benchDatabase(o.rows, o.shape, o.reuse, rootUrl);
  const c = new pg.Client({ connectionString: db.url, application_name: "bench-rag" });
  await c.connect();
  c.on("error", () => {});
  try {
    line(`rag bench: ${o.rows} chunks, 1536 dimensions, ${o.shape} embeddings, ${o.queries} timed queries per class, ${o.recallQueries} recall queries per class, storages ${o.storages.join(" and ")}${o.reuse ? `, database ${db.name} reused across runs` : ""}`);
    await loadAndIndex(c, db.url, o);
    // a kept database holds the functions of the run that made it: measure the current one
    if (o.reuse) await c.query(fs.readFileSync(new URL("../db/functions/rag/hybrid_search.sql", import.meta.url), "utf8"));
    const { common, rare } = await benchQueries(c, o.shape, Math.max(o.queries, o.recallQueries), o.reuse);
    const [rc, rr] = [common.slice(0, o.recallQueries), rare.slice(0, o.recallQueries)];
    const exact = await exactRankings(c, db.url, [...rc, ...rr]);
    const res: Record<string, { p95: number; recall: number }> = {};
    for (const storage of o.storages) {
      const p95 = await latency(c, o, common, rare, storage);
      const recall = await recallAt10(c, [["common", rc], ["rare", rr]], exact, storage);
      await filteredRows(c, rare, storage);
      res[storage] = { p95, recall };
    }
    await c.query(`select rag.set_embedding_storage($1)`, [o.storages[0]]);
    await boundedInputs(c, o, common, rare);
    if (o.storages.length < 2) return;
    const sizes = await c.query<{ v: string; h: string }>(
      `select pg_relation_size('rag.chunks_embedding_hnsw')::text as v, pg_relation_size('rag.chunks_embedding_halfvec_hnsw')::text as h`);
    const { v, h } = sizes.rows[0]!;
    const [rv, rh] = [res.vector!, res.halfvec!];
    line(`summary   ${o.rows} chunks · recall@10 vector ${rv.recall.toFixed(3)}, halfvec ${rh.recall.toFixed(3)} (Δ ${(rh.recall - rv.recall).toFixed(3)}, target within 0.01) · p95 vs guide index-ordered vector ${rv.p95.toFixed(2)}×, halfvec ${rh.p95.toFixed(2)}× (target ≤ 0.60×) · HNSW size vector ${(Number(v) / 2 ** 20).toFixed(0)} MB, halfvec ${(Number(h) / 2 ** 20).toFixed(0)} MB (${ratio(Number(h), Number(v))})`);
  } finally {
    await c.end().catch(() => {});
    if (o.keep || o.reuse) line(`kept the database: ${db.name}`);
    else await db.drop();
  }
}
