// `ssot rag ingest`: read markdown/text files, chunk them, embed the chunks and store them in
// rag.documents / rag.chunks. A document is identified by its source (path relative to the
// working directory); its content hash covers the text, the chunking, the embedder and the
// language, so re-ingesting an unchanged document writes nothing, and a changed one has its
// chunks replaced in one transaction.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { chunkText, DEFAULT_CHUNKING, type ChunkOptions } from "./chunk.ts";
import { toVectorLiteral, type Embedder } from "./embed.ts";

export class IngestError extends Error {}

const EXTENSIONS: Record<string, "markdown" | "text"> = { ".md": "markdown", ".markdown": "markdown", ".mdx": "markdown", ".txt": "text", ".text": "text" };

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/** The files under `target` (a file, or a directory walked recursively; hidden entries skipped). */
export function collectFiles(target: string): string[] {
  if (!fs.existsSync(target)) throw new IngestError(`${target}: no such file or directory`);
  const st = fs.statSync(target);
  if (st.isFile()) return [target];
  // a FIFO, a socket or a device: reading one could block forever or never end
  if (!st.isDirectory()) throw new IngestError(`${target}: ${kindOf(st)}, not a regular file or a directory; only files and directories are ingested`);
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw new IngestError(`${dir}: cannot read this directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    // entries that are not regular files (FIFOs, sockets, devices, symbolic links) are skipped
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && EXTENSIONS[path.extname(e.name).toLowerCase()]) out.push(p);
    }
  };
  walk(target);
  if (!out.length) throw new IngestError(`${target}: no markdown or text files (${Object.keys(EXTENSIONS).join(", ")}) in this directory`);
  return out;
}

export interface SourceDocument {
  source: string;
  title: string;
  kind: "markdown" | "text";
  text: string;
}

/** Reads one file; refuses binary (NUL bytes or invalid UTF-8) and empty files. */
export function readSource(file: string, cwd = process.cwd()): SourceDocument {
  const buf = fs.readFileSync(file);
  if (buf.includes(0)) throw new IngestError(`${file}: binary file (contains NUL bytes); only UTF-8 markdown or text is ingested`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new IngestError(`${file}: not valid UTF-8 (binary, or another encoding); convert it to UTF-8 first`);
  }
  text = text.replace(/^\uFEFF/, "");
  if (!text.trim()) throw new IngestError(`${file}: empty file, nothing to ingest`);
  const ext = path.extname(file).toLowerCase();
  const kind = EXTENSIONS[ext] ?? "text";
  const heading = kind === "markdown" ? text.match(/^#\s+(.+?)\s*#*\s*$/m)?.[1] : undefined;
  const rel = path.relative(cwd, path.resolve(file)).split(path.sep).join("/");
  return { source: rel.startsWith("..") ? path.resolve(file) : rel, title: heading ?? path.basename(file), kind, text };
}

export interface IngestOptions {
  embedder: Embedder;
  language?: string;
  chunking?: ChunkOptions;
  /** Called after each file (for a progress bar). */
  onFile?: (r: IngestResult) => void;
}

export interface IngestResult {
  source: string;
  status: "inserted" | "updated" | "unchanged";
  version: number;
  chunks: number;
}

export function contentHash(doc: SourceDocument, o: { model: string; language: string; chunking: ChunkOptions }): string {
  return createHash("sha256")
    .update(JSON.stringify({ text: doc.text, title: doc.title, kind: doc.kind, model: o.model, language: o.language, chunking: o.chunking }))
    .digest("hex");
}

/** Ingests one document through an open client. */
export async function ingestDocument(c: pg.Client, doc: SourceDocument, o: IngestOptions): Promise<IngestResult> {
  const language = o.language ?? "english";
  const chunking = o.chunking ?? DEFAULT_CHUNKING;
  const hash = contentHash(doc, { model: o.embedder.model, language, chunking });
  const existing = await c.query<{ content_sha256: string; version: number; chunks: number }>(
    `select d.content_sha256, d.version, (select count(*)::int from rag.chunks c where c.document_id = d.id) as chunks
     from rag.documents d where d.source = $1`,
    [doc.source],
  );
  const before = existing.rows[0];
  if (before && before.content_sha256 === hash) return { source: doc.source, status: "unchanged", version: before.version, chunks: before.chunks };

  const chunks = chunkText(doc.text, doc.kind, chunking);
  if (!chunks.length) throw new IngestError(`${doc.source}: no text left after chunking`);
  // embed before the transaction: it may take a while and must not hold locks
  const vectors = await o.embedder.embed(chunks.map((ch) => ch.content));
  if (vectors.length !== chunks.length) throw new IngestError(`${doc.source}: the embedder returned ${vectors.length} vectors for ${chunks.length} chunks`);
  const provenance = { tool: "ssot rag ingest", embedder: o.embedder.model, chunking, kind: doc.kind };

  await c.query("begin");
  try {
    const d = await c.query<{ id: string; version: number }>(
      `insert into rag.documents (source, title, language, content_sha256, provenance)
       values ($1, $2, $3, $4, $5)
       on conflict (source) do update
         set title = excluded.title, language = excluded.language, content_sha256 = excluded.content_sha256,
             provenance = excluded.provenance, version = rag.documents.version + 1, updated_at = now()
       returning id, version`,
      [doc.source, doc.title, language, hash, provenance],
    );
    const id = d.rows[0]!.id;
    await c.query(`delete from rag.chunks where document_id = $1`, [id]);
    await c.query(
      `insert into rag.chunks (document_id, ordinal, content, embedding, metadata, token_count)
       select $1, u.ordinal, u.content, u.embedding::extensions.vector, u.metadata, u.token_count
       from unnest($2::int[], $3::text[], $4::text[], $5::jsonb[], $6::int[]) as u(ordinal, content, embedding, metadata, token_count)`,
      [
        id,
        chunks.map((ch) => ch.ordinal),
        chunks.map((ch) => ch.content),
        vectors.map(toVectorLiteral),
        chunks.map((ch) => JSON.stringify({ source: doc.source, headings: ch.headings })),
        chunks.map((ch) => ch.tokenCount),
      ],
    );
    await c.query("commit");
    return { source: doc.source, status: before ? "updated" : "inserted", version: d.rows[0]!.version, chunks: chunks.length };
  } catch (e) {
    await c.query("rollback").catch(() => {});
    const err = e as { code?: string; message: string };
    if (err.code === "SS601") throw new IngestError(`${doc.source}: ${err.message} (--language)`);
    throw new IngestError(`${doc.source}: ${err.message}`);
  }
}

/** Ingests every file under `target`; files are read and checked before anything is written. */
export async function ingestPath(databaseUrl: string, target: string, o: IngestOptions): Promise<IngestResult[]> {
  const docs = collectFiles(target).map((f) => readSource(f));
  const c = new pg.Client({ connectionString: databaseUrl, application_name: "ssot rag ingest" });
  await c.connect();
  try {
    const out: IngestResult[] = [];
    for (const doc of docs) {
      const r = await ingestDocument(c, doc, o);
      out.push(r);
      o.onFile?.(r);
    }
    return out;
  } finally {
    await c.end().catch(() => {});
  }
}
