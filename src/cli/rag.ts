// `ssot rag ingest <file|dir>` and `ssot rag search "…"`: hybrid retrieval over rag.chunks.
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { z } from "zod";
import { DEFAULT_CHUNKING } from "../rag/chunk.ts";
import { EmbedderError, selectEmbedder } from "../rag/embed.ts";
import { collectFiles, ingestPath, IngestError, type IngestResult } from "../rag/ingest.ts";
import { search } from "../rag/search.ts";
import { storageState, switchStorage, type EmbeddingStorage, type StorageState } from "../rag/storage.ts";
import { withClient } from "../db/client.ts";
import { withVaultCredential } from "../secrets/credentials.ts";
import { readyReader, readyTarget } from "./context.ts";
import { userErrorFromConfig, userErrorFromSql } from "./errors.ts";
import { dim, info, UsageError, UserError, warn } from "./out.ts";

const int = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer between ${min} and ${max} (got "${v}")`);
  return n;
};

function embedderOrFail(name: string | undefined, source: NodeJS.ProcessEnv = process.env) {
  try {
    return selectEmbedder(name, source);
  } catch (e) {
    if (e instanceof EmbedderError) throw new UsageError(e.message); // --embedder names no embedder
    throw userErrorFromConfig(e);
  }
}

/** The embedder, its API key from the vault (embeddings_api_key) when it is http and EMBEDDINGS_API_KEY is not set. */
async function embedderFor(name: string | undefined, primaryUrl: string | (() => Promise<string>)) {
  embedderOrFail(name); // a bad --embedder or EMBEDDINGS_URL is refused before the vault is read
  const http = name === "http" || (name === undefined && !!process.env.EMBEDDINGS_URL);
  if (!http || process.env.EMBEDDINGS_API_KEY) return embedderOrFail(name);
  const url = typeof primaryUrl === "string" ? primaryUrl : await primaryUrl();
  return embedderOrFail(name, await withClient(url, (c) => withVaultCredential(c, "EMBEDDINGS_API_KEY")));
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof IngestError || e instanceof EmbedderError) throw new UserError(e.message);
    throw userErrorFromSql(e, { prefix: "SS6", show: "code" });
  }
}

/** `ssot rag ingest <path>` */
async function ragIngest(target: string, opts: { embedder?: string; language: string; maxChars: number; overlap: number; json?: boolean }) {
  embedderOrFail(opts.embedder);
  if (opts.overlap >= opts.maxChars / 2) throw new UsageError(`--overlap (${opts.overlap}) must be less than half of --max-chars (${opts.maxChars})`);
  const files = await guarded(async () => collectFiles(target));
  const t = await readyTarget();
  const embedder = await embedderFor(opts.embedder, t.databaseUrl);
  const bar =
    process.stderr.isTTY && !opts.json
      ? new cliProgress.SingleBar({ format: "ingest [{bar}] {value}/{total} {source}", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
      : undefined;
  bar?.start(files.length, 0, { source: "" });
  let results: IngestResult[];
  try {
    results = await guarded(() =>
      ingestPath(t.databaseUrl, target, {
        embedder,
        language: opts.language,
        chunking: { maxChars: opts.maxChars, overlap: opts.overlap },
        onFile: (r) => bar?.increment(1, { source: r.source }),
      }),
    );
  } finally {
    bar?.stop();
  }
  if (opts.json) {
    info(JSON.stringify({ embedder: embedder.model, documents: results }));
    return;
  }
  for (const r of results) info(`${r.status.padEnd(9)} ${r.source} ${dim(`(v${r.version}, ${r.chunks} chunks)`)}`);
  const count = (s: string) => results.filter((r) => r.status === s).length;
  info(`${results.length} documents: ${count("inserted")} inserted, ${count("updated")} updated, ${count("unchanged")} unchanged (embedder ${embedder.model})`);
}

/** --filter: a JSON object, matched by containment against chunk metadata. */
function parseFilter(text: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(`--filter is not JSON: ${text}`);
  }
  const p = z.record(z.string(), z.unknown()).safeParse(raw);
  if (!p.success || Array.isArray(raw)) throw new UsageError(`--filter must be a JSON object, e.g. '{"source":"docs/a.md"}'`);
  return p.data;
}

function printStorage(s: StorageState) {
  info(`embedding storage: ${s.selected}`);
  for (const i of s.indexes) {
    const state = !i.exists ? "absent" : i.valid ? `valid, ${(i.bytes / 2 ** 20).toFixed(0)} MB` : "INVALID (a failed concurrent build)";
    info(`  ${i.storage.padEnd(7)} ${i.index}: ${state}${i.storage === s.selected ? " ← read by rag.hybrid_search" : ""}`);
  }
}

/** `ssot rag storage [vector|halfvec]` */
async function ragStorage(storage: string | undefined, opts: { dropOther?: boolean; maintenanceWorkMem?: string }) {
  if (storage !== undefined && storage !== "vector" && storage !== "halfvec") throw new UsageError(`storage must be vector or halfvec (got "${storage}")`);
  const t = await readyTarget();
  const state = await guarded(() =>
    storage === undefined
      ? withClient(t.databaseUrl, storageState)
      : switchStorage(t.databaseUrl, storage as EmbeddingStorage, {
          dropOther: opts.dropOther,
          maintenanceWorkMem: opts.maintenanceWorkMem,
          onProgress: (m) => info(dim(m)),
        }),
  );
  printStorage(state);
}

export function registerRag(program: Command) {
  const rag = program.command("rag").description("hybrid retrieval (semantic + full-text + trigram) over rag.documents / rag.chunks");

  rag
    .command("ingest")
    .description("chunk, embed and store markdown/text files; unchanged documents are skipped, changed ones replaced atomically")
    .argument("<path>", "a file, or a directory walked for .md, .markdown, .mdx, .txt, .text")
    .option("--embedder <name>", "offline (deterministic, no network) or http (EMBEDDINGS_URL, EMBEDDINGS_API_KEY, EMBEDDINGS_MODEL); default: http when EMBEDDINGS_URL is set")
    .option("--language <lang>", "document language: a text search configuration or ISO 639-1 code", "english")
    .option("--max-chars <n>", "maximum chunk length in characters", int("--max-chars", 100, 100_000), DEFAULT_CHUNKING.maxChars)
    .option("--overlap <n>", "characters repeated from the previous chunk", int("--overlap", 0, 50_000), DEFAULT_CHUNKING.overlap)
    .option("--json", "machine-readable output")
    .action(ragIngest);

  rag
    .command("storage")
    .description("show or switch the HNSW index storage of the semantic leg: vector (4 bytes a dimension) or halfvec (2); the other index is built CONCURRENTLY first")
    .argument("[storage]", "vector or halfvec; without it, show the current storage and both indexes")
    .option("--drop-other", "drop the index no longer read (concurrently) once the switch is done")
    .option("--maintenance-work-mem <size>", "maintenance_work_mem for the build, e.g. 4GB (the HNSW graph should fit: docs/rag.md)")
    .action(ragStorage);

  rag
    .command("search")
    .description("hybrid search: weighted reciprocal rank fusion of semantic, full-text and trigram rankings")
    .argument("<query>", "what to look for")
    .option("--embedder <name>", "offline or http, as for ingest (use the same one)")
    .option("--count <n>", "how many chunks", int("--count", 1, 200), 10)
    .option("--threshold <x>", "minimum cosine similarity for the semantic leg", (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < -1 || n > 1) throw new UsageError(`--threshold must be a number between -1 and 1 (got "${v}")`);
      return n;
    }, 0)
    .option("--language <lang>", "language of the query (text search configuration or ISO code)", "english")
    .option("--filter <json>", "JSON object matched by containment against chunk metadata, e.g. '{\"source\":\"docs/a.md\"}'")
    .option("--json", "machine-readable output")
    .action(async (query: string, opts) => {
      if (!query.trim()) throw new UsageError("the query is empty");
      const filter = opts.filter === undefined ? undefined : parseFilter(opts.filter);
      embedderOrFail(opts.embedder);
      // the query's embedding key (when read from the vault, a logged read) comes from the primary;
      // the search itself runs where the readers read (READ_DATABASE_URL: a replica)
      const reader = await readyReader();
      const embedder = await embedderFor(opts.embedder, () => readyTarget().then((t) => t.databaseUrl));
      const { hits, warnings } = await guarded(() =>
        search(reader.url, query, { embedder, count: opts.count, threshold: opts.threshold, language: opts.language, filter }),
      );
      for (const w of warnings) warn(`warning: ${w}`);
      if (opts.json) {
        info(JSON.stringify(hits));
        return;
      }
      if (!hits.length) {
        info("no results");
        return;
      }
      hits.forEach((h, i) => {
        const legs = [`semantic ${h.semantic_rank ?? "-"}`, `full-text ${h.full_text_rank ?? "-"}`, `trigram ${h.trigram_rank ?? "-"}`].join(", ");
        info(`${String(i + 1).padStart(2)}. ${h.score.toFixed(4)}  ${h.source}#${h.ordinal}  ${dim(`(${legs})`)}`);
        info(`    ${h.content.replace(/\s+/g, " ").slice(0, 160)}`);
      });
    });
}
