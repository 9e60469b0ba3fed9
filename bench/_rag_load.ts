// Loading and indexing for the rag benchmark (bench/rag.ts): the synthetic chunks are inserted in
// batches by two connections with progress and a rate, then each index is built on its own
// connection and measured (time, size, the backend's peak RSS, maintenance_work_mem and what
// pgvector reports). With --reuse the database is kept under a fixed name and every figure is
// stored in bench.meta, so a later run skips what is already built and prints the stored figures.
// The file name starts with "_" so `ssot bench` does not list it as a benchmark.
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createTestDatabase, TEMPLATE_DB } from "../src/testrun/cluster.ts";
import { loadEnv } from "../src/config/env.ts";
import { testCluster } from "../src/cluster/targets.ts";
import { withDatabase } from "../src/db/client.ts";
import { generateDataSql, type Shape } from "./_rag_sql.ts";

export type Storage = "vector" | "halfvec";
export const STORAGES: Storage[] = ["vector", "halfvec"];
const line = (s: string) => process.stdout.write(s + "\n");
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

export const INDEX: Record<Storage, { name: string; ddl: string; bytesPerDim: number }> = {
  vector: {
    name: "chunks_embedding_hnsw",
    ddl: "create index chunks_embedding_hnsw on rag.chunks using hnsw (embedding extensions.vector_cosine_ops)",
    bytesPerDim: 4,
  },
  halfvec: {
    name: "chunks_embedding_halfvec_hnsw",
    ddl: "create index chunks_embedding_halfvec_hnsw on rag.chunks using hnsw ((embedding::extensions.halfvec(1536)) extensions.halfvec_cosine_ops)",
    bytesPerDim: 2,
  },
};

/**
 * maintenance_work_mem for an HNSW build of `rows` 1536-dimension elements: the element
 * (dimensions × bytes) plus its neighbour lists and headers (about 700 bytes at m = 16), +15%,
 * rounded up to 64 MB. Below this pgvector finishes the graph on disk, many times slower.
 */
export function hnswMemoryMB(rows: number, storage: Storage): number {
  const bytes = rows * (1536 * INDEX[storage].bytesPerDim + 700) * 1.15;
  return Math.max(64, Math.ceil(bytes / 2 ** 20 / 64) * 64);
}

export async function getMeta(c: pg.Client, key: string): Promise<string | undefined> {
  const r = await c.query<{ value: string }>(`select value from bench.meta where key = $1`, [key]);
  return r.rows[0]?.value;
}
const setMeta = (c: pg.Client, key: string, value: string) =>
  c.query(`insert into bench.meta values ($1, $2) on conflict (key) do update set value = excluded.value`, [key, value]);

/** Peak resident set of a backend (VmHWM, from /proc; the server runs on this machine). */
function peakRss(pid: number): string {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? mb(Number(m[1]) * 1024) : "n/a";
  } catch {
    return "n/a";
  }
}

/** The synthetic chunks, in batches of `batch` rows filled by two connections, with progress. */
async function ingest(c: pg.Client, url: string, rows: number, shape: Shape) {
  await c.query(`drop index if exists rag.chunks_embedding_hnsw, rag.chunks_embedding_halfvec_hnsw, rag.chunks_fts_gin, rag.chunks_content_trgm, rag.chunks_metadata_gin`);
  await c.query(`truncate rag.chunks, rag.documents cascade; drop schema if exists bench cascade`);
  const gen = generateDataSql(rows, shape);
  const t0 = performance.now();
  await c.query(gen.setup);
  await c.query(`create table bench.meta (key text primary key, value text not null)`);
  const batch = Math.max(1000, Math.min(10_000, Math.floor(rows / 50)));
  let next = 0;
  let done = 0;
  let lastPrint = 0;
  const worker = async (client: pg.Client) => {
    await client.query(`set synchronous_commit = off`);
    while (next < rows) {
      const lo = next;
      const hi = Math.min(rows, lo + batch);
      next = hi;
      await client.query(gen.fill, [lo, hi]);
      done += hi - lo;
      const el = (performance.now() - t0) / 1000;
      if (el - lastPrint >= 10 || done === rows) {
        lastPrint = el;
        const rate = done / el;
        line(`ingest    ${String(done).padStart(String(rows).length)}/${rows} chunks (${((100 * done) / rows).toFixed(0).padStart(3)}%) · ${rate.toFixed(0)} rows/s · ${el.toFixed(0)} s elapsed · eta ${((rows - done) / rate).toFixed(0)} s`);
      }
    }
  };
  // two connections fill the table in parallel (the machine has 2 cores)
  const c2 = new pg.Client({ connectionString: url });
  await c2.connect();
  c2.on("error", () => {});
  await Promise.all([worker(c), worker(c2)]);
  await c2.end();
  await c.query(gen.finish);
  await c.query(`vacuum analyze rag.chunks`);
  const secs = (performance.now() - t0) / 1000;
  const heap = await c.query<{ b: string }>(`select pg_total_relation_size('rag.chunks')::text as b`);
  await setMeta(c, "ingest", `${secs.toFixed(0)} s for ${rows} chunks, ${(rows / secs).toFixed(0)} rows/s; table with TOAST ${mb(Number(heap.rows[0]!.b))}`);
  await setMeta(c, "rows", String(rows));
}

/** Builds one index on a fresh connection (a fresh backend, so its peak RSS is this build's). */
async function buildIndex(url: string, name: string, ddl: string, mwmMB: number, workers: number): Promise<string> {
  const b = new pg.Client({ connectionString: url, application_name: "bench-rag-index" });
  await b.connect();
  b.on("error", () => {});
  const notices: string[] = [];
  b.on("notice", (n) => notices.push(n.message ?? ""));
  try {
    const pid = (await b.query<{ pid: number }>(`select pg_backend_pid() as pid`)).rows[0]!.pid;
    await b.query(`set maintenance_work_mem = '${mwmMB}MB'; set max_parallel_maintenance_workers = ${workers}`);
    const s = performance.now();
    await b.query(ddl);
    const secs = (performance.now() - s) / 1000;
    const size = (await b.query<{ b: string }>(`select pg_relation_size($1::regclass)::text as b`, [`rag.${name}`])).rows[0]!.b;
    const fit = notices.find((n) => /maintenance_work_mem/.test(n));
    return `${secs.toFixed(1)} s · size ${mb(Number(size))} · maintenance_work_mem ${mwmMB} MB, ${workers} parallel worker(s) · leader backend peak RSS ${peakRss(pid)}` +
      (fit ? ` · pgvector: ${fit}` : " · graph fit in memory");
  } finally {
    await b.end().catch(() => {});
  }
}

export interface LoadOpts {
  rows: number;
  shape: Shape;
  mwmMB?: number;
  workers: number;
  storages: Storage[];
}

/** Data and indexes, each skipped when a kept database already holds it (figures from bench.meta). */
export async function loadAndIndex(c: pg.Client, url: string, o: LoadOpts) {
  const have = await c.query(`select 1 from pg_namespace where nspname = 'bench'`);
  const storedRows = have.rowCount ? await c.query(`select 1 from pg_class where oid = to_regclass('bench.meta')`) : undefined;
  const rowsNow = storedRows?.rowCount ? await getMeta(c, "rows") : undefined;
  if (rowsNow === String(o.rows)) line(`ingest    reused: ${await getMeta(c, "ingest")} (measured when built)`);
  else {
    await ingest(c, url, o.rows, o.shape);
    line(`ingest    ${await getMeta(c, "ingest")}`);
  }

  for (const storage of o.storages) {
    const { name, ddl } = INDEX[storage];
    const exists = await c.query(`select 1 from pg_index where indexrelid = to_regclass($1) and indisvalid`, [`rag.${name}`]);
    if (!exists.rowCount) {
      const mwm = o.mwmMB ?? hnswMemoryMB(o.rows, storage);
      line(`index     building HNSW ${storage} (${name}) with maintenance_work_mem ${mwm} MB …`);
      await setMeta(c, `hnsw_${storage}`, await buildIndex(url, name, ddl, mwm, o.workers));
    }
    line(`index     HNSW ${storage.padEnd(7)} ${await getMeta(c, `hnsw_${storage}`)}`);
  }
  const gins: [string, string][] = [
    ["chunks_fts_gin", "create index chunks_fts_gin on rag.chunks using gin (fts)"],
    ["chunks_content_trgm", "create index chunks_content_trgm on rag.chunks using gin (content extensions.gin_trgm_ops)"],
    ["chunks_metadata_gin", "create index chunks_metadata_gin on rag.chunks using gin (metadata jsonb_path_ops)"],
  ];
  const ginFigures: string[] = [];
  let built = false;
  for (const [name, ddl] of gins) {
    const exists = await c.query(`select 1 from pg_index where indexrelid = to_regclass($1) and indisvalid`, [`rag.${name}`]);
    if (!exists.rowCount) {
      const s = performance.now();
      await c.query(`set maintenance_work_mem = '1GB'`);
      await c.query(ddl);
      const size = (await c.query<{ b: string }>(`select pg_relation_size($1::regclass)::text as b`, [`rag.${name}`])).rows[0]!.b;
      await setMeta(c, name, `${((performance.now() - s) / 1000).toFixed(1)} s, ${mb(Number(size))}`);
      built = true;
    }
    ginFigures.push(`${name} ${await getMeta(c, name)}`);
  }
  if (built) await c.query(`vacuum analyze rag.chunks`);
  line(`index     GIN: ${ginFigures.join(" · ")}`);
}

/** A fresh database from the test template, or with --reuse the one kept under a fixed name. */
/** The kept database of `rows` chunks of embeddings of `shape`. */
export const keptName = (rows: number, shape: Shape) => `ssot_bench_rag_${rows}${shape === "structured" ? "" : `_${shape}`}`;

export async function benchDatabase(rows: number, shape: Shape, reuse: boolean, rootUrl: string) {
  if (!reuse) return createTestDatabase("bench_rag");
  const name = keptName(rows, shape);
  const root = new pg.Client({ connectionString: rootUrl });
  await root.connect();
  try {
    const found = await root.query(`select 1 from pg_database where datname = $1`, [name]);
    if (!found.rowCount) {
      await root.query(`create database ${name} template ${TEMPLATE_DB}`);
      await root.query(`alter database ${name} set search_path = "$user", public, extensions`);
      await root.query(`revoke temporary on database ${name} from public`);
    }
  } finally {
    await root.end();
  }
  return { name, url: withDatabase(rootUrl, name), drop: async () => {} };
}


/**
 * With --reuse, when the test cluster runs and already holds the kept database, its root URL
 * without preparing the cluster again (preparing it restarts the server, which would end any other
 * bench running on it). Undefined otherwise.
 */
export async function runningClusterWith(name: string): Promise<string | undefined> {
  const cluster = testCluster(loadEnv());
  cluster.start(); // a running server stays as it is
  const rootUrl = cluster.url("postgres");
  const root = new pg.Client({ connectionString: rootUrl });
  await root.connect();
  try {
    const found = await root.query(`select 1 from pg_database where datname = $1`, [name]);
    return found.rowCount ? rootUrl : undefined;
  } finally {
    await root.end();
  }
}
