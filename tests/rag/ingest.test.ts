// `ssot rag ingest` end to end against a database of its own: chunking, re-ingest as a no-op,
// a changed document replaced in one transaction, bad inputs refused before anything is written,
// and `ssot rag search` through the CLI.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { withClient } from "../../src/db/client.ts";
import { chunkText, countTokens } from "../../src/rag/chunk.ts";
import { OfflineEmbedder, type Embedder } from "../../src/rag/embed.ts";
import { ingestPath, IngestError } from "../../src/rag/ingest.ts";
import { runCli } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;
let dir: string;
const embedder = new OfflineEmbedder();

beforeAll(async () => {
  db = await createTestDatabase("rag");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-rag-"));
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
};

const guide = `# Replication guide

Intro paragraph about PostgreSQL.

## Streaming replication

${"A standby replays WAL from the primary. ".repeat(60)}

## Logical replication

Publications and subscriptions copy row changes.

\`\`\`sql
# not a heading inside a code fence
select 1;
\`\`\`
`;

describe("chunking", () => {
  it("cuts at headings, keeps the heading path, bounds the size and overlaps", () => {
    const chunks = chunkText(guide, "markdown", { maxChars: 600, overlap: 100 });
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
    expect(chunks.every((c) => c.content.length <= 600)).toBe(true);
    const streaming = chunks.filter((c) => c.headings.join(" > ") === "Replication guide > Streaming replication");
    expect(streaming.length).toBeGreaterThan(2);
    // the second chunk of a section starts with the end of the first
    expect(streaming[0]!.content.slice(-100)).toContain(streaming[1]!.content.slice(0, 40));
    const logical = chunks.find((c) => c.headings.at(-1) === "Logical replication")!;
    expect(logical.content).toContain("# not a heading inside a code fence");
    expect(countTokens("Hello, world!")).toBe(4);
  });

  it("refuses nonsensical options", () => {
    expect(() => chunkText("x", "text", { maxChars: 50, overlap: 0 })).toThrow(/maxChars/);
    expect(() => chunkText("x", "text", { maxChars: 1000, overlap: 600 })).toThrow(/overlap/);
  });
});

describe("offline embedder", () => {
  it("is deterministic, unit length, 1536 dimensions, closer for shared words", async () => {
    const [a, b, c, d] = await embedder.embed(["streaming replication", "streaming replication", "replication lag on the standby", "chocolate cake recipe"]);
    expect(a).toEqual(b);
    expect(a!.length).toBe(1536);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 6);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(a!, c!)).toBeGreaterThan(dot(a!, d!));
  });
});

describe("ingest", () => {
  it("inserts, then a re-ingest of unchanged files is a no-op", async () => {
    write("docs/guide.md", guide);
    write("docs/notes.txt", "Plain notes about vacuum and autovacuum tuning.");
    write("docs/image.png.skip", "ignored: not a text extension");
    const first = await ingestPath(db.url, path.join(dir, "docs"), { embedder });
    expect(first.map((r) => r.status)).toEqual(["inserted", "inserted"]);
    const snapshot = () =>
      withClient(db.url, async (c) => (await c.query(`select d.source, d.version, d.updated_at::text, c.id, c.created_at::text from rag.documents d join rag.chunks c on c.document_id = d.id order by c.id`)).rows);
    const before = await snapshot();
    const second = await ingestPath(db.url, path.join(dir, "docs"), { embedder });
    expect(second.map((r) => r.status)).toEqual(["unchanged", "unchanged"]);
    expect(await snapshot()).toEqual(before);
  });

  it("replaces the chunks of a changed document and bumps its version", async () => {
    const file = write("docs/notes.txt", "Plain notes about vacuum, autovacuum and freezing.");
    const [r] = await ingestPath(db.url, file, { embedder });
    expect(r!.status).toBe("updated");
    expect(r!.version).toBe(2);
    const rows = await withClient(db.url, async (c) =>
      (await c.query(`select c.content from rag.chunks c join rag.documents d on d.id = c.document_id where d.source like '%docs/notes.txt' order by c.ordinal`)).rows,
    );
    expect(rows).toEqual([{ content: "Plain notes about vacuum, autovacuum and freezing." }]);
  });

  it("keeps the old chunks when the replacement fails half-way (one transaction)", async () => {
    const file = write("docs/notes.txt", "A third version that will not make it.");
    // an embedder that returns a vector pgvector refuses (NaN) for the chunk insert
    const broken: Embedder = { model: embedder.model, embed: async (t) => t.map(() => new Array(1536).fill(Number.NaN)) };
    await expect(ingestPath(db.url, file, { embedder: broken })).rejects.toThrow(IngestError);
    const rows = await withClient(db.url, async (c) =>
      (await c.query(`select d.version, c.content from rag.chunks c join rag.documents d on d.id = c.document_id where d.source like '%docs/notes.txt'`)).rows,
    );
    expect(rows).toEqual([{ version: 2, content: "Plain notes about vacuum, autovacuum and freezing." }]);
  });

  it.each([
    ["empty.md", "  \n\n ", /empty file/],
    ["binary.md", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), /binary file/],
    ["latin1.txt", Buffer.from([0x63, 0x61, 0x66, 0xe9]), /not valid UTF-8/],
  ])("refuses %s with a clear error and writes nothing", async (name, content, message) => {
    const file = write(`bad/${name}`, content);
    const count = () => withClient(db.url, async (c) => (await c.query(`select count(*)::int as n from rag.documents`)).rows[0].n);
    const n = await count();
    await expect(ingestPath(db.url, file, { embedder })).rejects.toThrow(message);
    expect(await count()).toBe(n);
  });

  it("refuses an unknown language with the file and SS601 message", async () => {
    const file = write("lang/doc.md", "# Title\n\nSome text.");
    await expect(ingestPath(db.url, file, { embedder, language: "klingon" })).rejects.toThrow(/lang\/doc\.md: unknown document language "klingon"/);
  });

  it("refuses an embedder that returns the wrong dimension", async () => {
    const file = write("dim/doc.md", "# Title\n\nSome text.");
    const narrow: Embedder = { model: "narrow", embed: async (t) => t.map(() => [1, 2, 3]) };
    await expect(ingestPath(db.url, file, { embedder: narrow })).rejects.toThrow(/3 dimensions; rag.chunks holds 1536/);
  });

  it("refuses a missing path and a directory without text files", async () => {
    await expect(ingestPath(db.url, path.join(dir, "nope"), { embedder })).rejects.toThrow(/no such file or directory/);
    fs.mkdirSync(path.join(dir, "emptydir"));
    await expect(ingestPath(db.url, path.join(dir, "emptydir"), { embedder })).rejects.toThrow(/no markdown or text files/);
  });
});

describe("the CLI", () => {
  const cli = (args: string[]) => runCli(args, { inherit: true, env: { DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url, EMBEDDINGS_URL: "" } });

  it("ingests and searches with --json", () => {
    const ing = cli(["rag", "ingest", path.join(dir, "docs"), "--json"]);
    expect(ing.code, ing.err).toBe(0);
    const out = JSON.parse(ing.out) as { embedder: string; documents: { status: string }[] };
    expect(out.embedder).toBe("ssot-offline-hash-v1");
    const s = cli(["rag", "search", "logical replication publications", "--json", "--count", "3"]);
    expect(s.code, s.err).toBe(0);
    const hits = JSON.parse(s.out) as { source: string; content: string; full_text_rank: number | null }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.content).toContain("Publications and subscriptions");
    expect(hits[0]!.full_text_rank).toBe(1);
  });

  it("fails with one line and a non-zero exit on bad input", () => {
    const r = cli(["rag", "search", "x", "--filter", "[1]"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/--filter must be a JSON object/);
    const e = cli(["rag", "ingest", path.join(dir, "bad/empty.md")]);
    expect(e.code).toBe(1);
    expect(e.err.trim().split("\n").filter((l) => !l.startsWith("npm warn"))).toHaveLength(1);
    expect(e.err).toMatch(/empty file/);
  });

  it("refuses an oversized search query in one line with the function's code", () => {
    const r = cli(["rag", "search", "x".repeat(30_000)]);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split("\n").filter((l) => !l.startsWith("npm warn"));
    expect(lines, r.err).toHaveLength(1);
    expect(lines[0]).toMatch(/query_text is 30000 characters; at most 500 \[SS606\]/);
  });

  it.each([
    ["a FIFO", () => {
      const fifo = path.join(dir, "pipe.md");
      const made = spawnSync("mkfifo", [fifo]);
      expect(made.status, String(made.stderr)).toBe(0);
      return fifo;
    }, /named pipe \(FIFO\)/],
    ["a device", () => "/dev/null", /character device/],
  ])("refuses %s with one line naming the path, not a raw ENOTDIR", (_name, make, kind) => {
    const target = make();
    const r = cli(["rag", "ingest", target]);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split("\n").filter((l) => !l.startsWith("npm warn"));
    expect(lines, r.err).toHaveLength(1);
    expect(lines[0]).toContain(target);
    expect(lines[0]).toMatch(kind);
    expect(lines[0]).toMatch(/not a regular file or a directory/);
    expect(r.err).not.toMatch(/ENOTDIR|scandir/);
  });

  it("skips a FIFO inside a directory instead of blocking on it", () => {
    fs.mkdirSync(path.join(dir, "withpipe"));
    write("withpipe/a.md", "# A\n\nSome text about vacuum.");
    expect(spawnSync("mkfifo", [path.join(dir, "withpipe", "b.md")]).status).toBe(0);
    const r = cli(["rag", "ingest", path.join(dir, "withpipe"), "--json"]);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as { documents: { source: string }[] };
    expect(out.documents.map((d) => d.source.split("/").at(-1))).toEqual(["a.md"]);
  });
});
