// The query set and recall@10 of the rag benchmark (bench/rag.ts). With --reuse the queries and
// their exact fused rankings are stored in the kept database (bench.query_set, bench.exact), so a
// later run measures the same queries without ranking the whole table again.
// The file name starts with "_" so `ssot bench` does not list it as a benchmark.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { BASELINE_SQL, EXACT_SQL, querySetSql, type Shape } from "./_rag_sql.ts";
import type { Storage } from "./_rag_load.ts";

export type Query = { ord: number; cls: string; emb: string; text: string; filter: string };
type Exact = { ids: string[]; semantic: number[]; fullText: (number | null)[] };

const line = (s: string) => process.stdout.write(s + "\n");
const HYBRID = `select id, semantic_rank from rag.hybrid_search($1::extensions.vector, $2, match_count => 10)`;
const EXACT = `select id, semantic_rank, full_text_rank from bench.exact_hybrid_search($1::extensions.vector, $2, 10)`;

/** The queries of two classes: a common term (30% of rows) and a rare one; kept with --reuse. */
export async function benchQueries(c: pg.Client, shape: Shape, perClass: number, reuse: boolean): Promise<{ common: Query[]; rare: Query[] }> {
  await c.query(BASELINE_SQL);
  await c.query(EXACT_SQL);
  await c.query(querySetSql(shape));
  await c.query(`create table if not exists bench.query_set (ord int primary key, cls text, emb extensions.vector, text text, filter jsonb)`);
  const stored = await c.query<{ n: number }>(`select count(*) filter (where cls = 'common')::int as n from bench.query_set`);
  if (!reuse || stored.rows[0]!.n < perClass) {
    await c.query(`truncate bench.query_set; drop table if exists bench.exact`);
    await c.query(`insert into bench.query_set select * from bench.queries($1)`, [perClass]);
  } else line(`queries   reused: the ${stored.rows[0]!.n} queries per class stored by an earlier run`);
  const qs = await c.query<Query>(`select ord, cls, emb::text, text, filter::text from bench.query_set order by ord`);
  return { common: qs.rows.filter((q) => q.cls === "common"), rare: qs.rows.filter((q) => q.cls === "rare") };
}

/**
 * The exact fused ranking of each recall query, computed once for both storages (and kept), on two
 * connections at a time (each query is one long single-process scan of the whole table).
 */
export async function exactRankings(c: pg.Client, url: string, queries: Query[]): Promise<Map<number, Exact>> {
  await c.query(`create table if not exists bench.exact (ord int primary key, ids bigint[], semantic bigint[], full_text bigint[])`);
  const kept = await c.query(`select ord, ids::text[], semantic::int[], full_text::int[] from bench.exact where ord = any($1)`, [queries.map((q) => q.ord)]);
  const exact = new Map<number, Exact>(kept.rows.map((k) => [k.ord, { ids: k.ids, semantic: k.semantic, fullText: k.full_text }]));
  const todo = queries.filter((q) => !exact.has(q.ord));
  const times: number[] = [];
  const c2 = new pg.Client({ connectionString: url, application_name: "bench-rag-exact" });
  await c2.connect();
  c2.on("error", () => {});
  const worker = async (client: pg.Client) => {
    for (let q = todo.shift(); q; q = todo.shift()) {
      const t0 = performance.now();
      const r = await client.query(EXACT, [q.emb, q.text]);
      times.push(performance.now() - t0);
      const e = { ids: r.rows.map((x) => String(x.id)), semantic: r.rows.map((x) => Number(x.semantic_rank)), fullText: r.rows.map((x) => (x.full_text_rank === null ? null : Number(x.full_text_rank))) };
      await client.query(`insert into bench.exact values ($1, $2, $3, $4)`, [q.ord, e.ids, e.semantic, e.fullText]);
      exact.set(q.ord, e);
    }
  };
  try {
    await Promise.all([worker(c), worker(c2)]);
  } finally {
    await c2.end().catch(() => {});
  }
  const reused = queries.length - times.length;
  const p50 = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  line(`exact     fused ranking over the whole table: ${times.length} queries, two at a time${p50 !== undefined ? `, p50 ${p50.toFixed(0)} ms each` : ""}${reused ? ` (${reused} reused)` : ""}`);
  return exact;
}

/**
 * recall@10 of rag.hybrid_search against the exact fused ranking, per class, with where the
 * misses sit in the exact legs (their exact semantic and full-text ranks): a miss with a small
 * semantic rank is a neighbour the HNSW search did not return.
 */
export async function recallAt10(c: pg.Client, classes: [string, Query[]][], exact: Map<number, Exact>, storage: Storage) {
  await c.query(`select rag.set_embedding_storage($1)`, [storage]);
  const parts: string[] = [];
  const missed: string[] = [];
  let hit = 0;
  let total = 0;
  for (const [cls, list] of classes) {
    let h = 0;
    let t = 0;
    for (const q of list) {
      const got = new Set((await c.query(HYBRID, [q.emb, q.text])).rows.map((r) => String(r.id)));
      const want = exact.get(q.ord)!;
      t += want.ids.length;
      want.ids.forEach((id, i) => {
        if (got.has(id)) h++;
        else missed.push(`${cls} s${want.semantic[i]}/f${want.fullText[i] ?? "-"}`);
      });
    }
    parts.push(`${cls} term ${(t ? h / t : 1).toFixed(3)}`);
    hit += h;
    total += t;
  }
  const recall = total ? hit / total : 1;
  line(`recall@10 [${storage}] vs exact fused ranking: ${recall.toFixed(3)} (target ≥ 0.98) · ${parts.join(" · ")}`);
  if (missed.length) line(`  misses (exact semantic rank s, full-text rank f): ${missed.slice(0, 40).join(", ")}${missed.length > 40 ? ", …" : ""}`);
  return recall;
}
