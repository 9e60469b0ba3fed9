// `ssot rag storage`: shows the embedding storage, switches to halfvec by building its index
// concurrently (the search keeps answering), switches back dropping the other index, rebuilds an
// invalid leftover, and refuses an unknown storage before any work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { withClient } from "../../src/db/client.ts";
import { runCli } from "../../src/testrun/run-cli.ts";
import { switchStorage } from "../../src/rag/storage.ts";

let db: TestDatabase;
const cli = (args: string[]) => runCli(args, { inherit: true, env: { DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url, EMBEDDINGS_URL: "" } });
const indexes = () =>
  withClient(db.url, async (c) =>
    (await c.query<{ relname: string; valid: boolean }>(
      `select c.relname, i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
       where i.indrelid = 'rag.chunks'::regclass and c.relname like 'chunks_embedding%' order by 1`)).rows);
const setting = () => withClient(db.url, async (c) => (await c.query<{ s: string }>(`select embedding_storage as s from rag.settings`)).rows[0]!.s);

beforeAll(async () => {
  db = await createTestDatabase("ragstorage");
  await withClient(db.url, async (c) => {
    await c.query(`insert into rag.documents (id, source, title, language, content_sha256)
                   values ('00000000-0000-0000-0000-00000000000a', 'tests/a.md', 'A', 'en', repeat('a', 64))`);
    await c.query(`insert into rag.chunks (document_id, ordinal, content, embedding)
                   select '00000000-0000-0000-0000-00000000000a', g, 'replication chunk ' || g,
                          (select array_agg(sin(g * i)::real) from generate_series(1, 1536) i)::extensions.vector
                   from generate_series(1, 200) g`);
  });
});
afterAll(async () => {
  await db?.drop();
});

describe("ssot rag storage", () => {
  it("shows vector selected and the halfvec index absent", () => {
    const r = cli(["rag", "storage"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/embedding storage: vector/);
    expect(r.out).toMatch(/halfvec rag\.chunks_embedding_halfvec_hnsw: absent/);
  });

  it("switches to halfvec: builds its index, selects it, keeps the vector index", async () => {
    const r = cli(["rag", "storage", "halfvec", "--maintenance-work-mem", "128MB"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/building rag\.chunks_embedding_halfvec_hnsw concurrently/);
    expect(await setting()).toBe("halfvec");
    expect(await indexes()).toEqual([
      { relname: "chunks_embedding_halfvec_hnsw", valid: true },
      { relname: "chunks_embedding_hnsw", valid: true },
    ]);
    const s = cli(["rag", "search", "replication chunk", "--json"]);
    expect(s.code, s.err).toBe(0);
    expect((JSON.parse(s.out) as unknown[]).length).toBe(10);
  });

  it("switches back to vector and drops the halfvec index with --drop-other", async () => {
    const r = cli(["rag", "storage", "vector", "--drop-other"]);
    expect(r.code, r.err).toBe(0);
    expect(await setting()).toBe("vector");
    expect(await indexes()).toEqual([{ relname: "chunks_embedding_hnsw", valid: true }]);
  });

  it("rebuilds an index left invalid by a failed concurrent build", async () => {
    // what a failed CREATE INDEX CONCURRENTLY leaves: the index in the catalog, not valid
    await withClient(db.url, (c) => c.query(`create index chunks_embedding_halfvec_hnsw on rag.chunks using hnsw ((embedding::extensions.halfvec(1536)) extensions.halfvec_cosine_ops)`));
    await withClient(db.url, (c) => c.query(`update pg_index set indisvalid = false where indexrelid = 'rag.chunks_embedding_halfvec_hnsw'::regclass`));
    const refused = cli(["rag", "storage"]);
    expect(refused.out).toMatch(/INVALID/);
    const messages: string[] = [];
    const state = await switchStorage(db.url, "halfvec", { onProgress: (m) => messages.push(m) });
    expect(messages[0]).toMatch(/dropping the invalid rag\.chunks_embedding_halfvec_hnsw/);
    expect(state.selected).toBe("halfvec");
    expect(state.indexes.find((i) => i.storage === "halfvec")).toMatchObject({ exists: true, valid: true });
  });

  it("refuses an unknown storage before any work", async () => {
    const r = cli(["rag", "storage", "float8"]);
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/storage must be vector or halfvec/);
    await expect(switchStorage(db.url, "bit" as "vector")).rejects.toMatchObject({ code: "SS609" });
  });
});
