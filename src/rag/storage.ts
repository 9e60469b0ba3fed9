// `ssot rag storage [vector|halfvec]`: the storage of the semantic leg's HNSW index
// (rag.settings.embedding_storage). Switching builds the other index with CREATE INDEX
// CONCURRENTLY (writers are not blocked; an invalid leftover of a failed build is dropped first),
// reporting pgvector's build progress, then selects it with rag.set_embedding_storage, which
// refuses while that index is not valid; --drop-other drops the index no longer read, also
// concurrently.
import pg from "pg";

export type EmbeddingStorage = "vector" | "halfvec";

export interface IndexState {
  storage: EmbeddingStorage;
  index: string;
  exists: boolean;
  valid: boolean;
  bytes: number;
}

export interface StorageState {
  selected: EmbeddingStorage;
  indexes: IndexState[];
}

const STORAGES: EmbeddingStorage[] = ["vector", "halfvec"];

export async function storageState(c: pg.Client): Promise<StorageState> {
  const selected = (await c.query<{ s: EmbeddingStorage }>(`select embedding_storage as s from rag.settings`)).rows[0]?.s ?? "vector";
  const r = await c.query<{ storage: EmbeddingStorage; index: string; exists: boolean; valid: boolean; bytes: string }>(
    `select s as storage, rag.embedding_index_name(s) as index,
            i.indexrelid is not null as exists, coalesce(i.indisvalid and i.indisready, false) as valid,
            coalesce(pg_catalog.pg_relation_size(i.indexrelid), 0)::text as bytes
     from unnest($1::text[]) s
     left join pg_catalog.pg_index i on i.indexrelid = pg_catalog.to_regclass(rag.embedding_index_name(s))`,
    [STORAGES],
  );
  return { selected, indexes: r.rows.map((x) => ({ ...x, bytes: Number(x.bytes) })) };
}

export interface SwitchOptions {
  dropOther?: boolean;
  /** maintenance_work_mem for the build, e.g. "4GB" (the HNSW graph should fit: docs/rag.md) */
  maintenanceWorkMem?: string;
  onProgress?: (message: string) => void;
}

/** pgvector's progress of a CREATE INDEX running in backend `pid`, polled every few seconds. */
function watchProgress(databaseUrl: string, pid: number, report: (m: string) => void): () => Promise<void> {
  const w = new pg.Client({ connectionString: databaseUrl, application_name: "ssot rag storage (progress)" });
  let stop = false;
  const done = (async () => {
    await w.connect();
    while (!stop) {
      await new Promise((r) => setTimeout(r, 5000));
      if (stop) break;
      const p = await w.query<{ phase: string; done: string; total: string }>(
        `select phase, tuples_done::text as done, tuples_total::text as total from pg_catalog.pg_stat_progress_create_index where pid = $1`, [pid]);
      const row = p.rows[0];
      if (row) report(`${row.phase}${Number(row.total) ? `: ${row.done}/${row.total} rows` : Number(row.done) ? `: ${row.done} rows` : ""}`);
    }
  })().catch(() => {});
  return async () => {
    stop = true;
    await done;
    await w.end().catch(() => {});
  };
}

export async function switchStorage(databaseUrl: string, storage: EmbeddingStorage, o: SwitchOptions = {}): Promise<StorageState> {
  const c = new pg.Client({ connectionString: databaseUrl, application_name: "ssot rag storage" });
  await c.connect();
  try {
    // refuses an unknown storage (SS609) before any work
    const ddl = (await c.query<{ ddl: string }>(`select rag.embedding_index_ddl($1) as ddl`, [storage])).rows[0]!.ddl;
    const state = await storageState(c);
    const target = state.indexes.find((i) => i.storage === storage)!;
    if (target.exists && !target.valid) {
      o.onProgress?.(`dropping the invalid ${target.index} left by a failed build`);
      await c.query(`drop index concurrently if exists ${target.index}`);
    }
    if (!target.valid) {
      if (o.maintenanceWorkMem) await c.query(`select pg_catalog.set_config('maintenance_work_mem', $1, false)`, [o.maintenanceWorkMem]);
      const pid = (await c.query<{ pid: number }>(`select pg_catalog.pg_backend_pid() as pid`)).rows[0]!.pid;
      o.onProgress?.(`building ${target.index} concurrently`);
      const stop = o.onProgress ? watchProgress(databaseUrl, pid, o.onProgress) : async () => {};
      try {
        await c.query(ddl);
      } finally {
        await stop();
      }
    }
    await c.query(`select rag.set_embedding_storage($1)`, [storage]);
    if (o.dropOther) {
      for (const other of state.indexes.filter((i) => i.storage !== storage && i.exists)) {
        o.onProgress?.(`dropping ${other.index} concurrently`);
        await c.query(`drop index concurrently if exists ${other.index}`);
      }
    }
    return await storageState(c);
  } finally {
    await c.end().catch(() => {});
  }
}
