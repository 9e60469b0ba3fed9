// The archive of one partition of ops.events: events_YYYY_MM.jsonl.gz (gzip; one canonical event
// text per line, in id order) and events_YYYY_MM.manifest.json next to it: the partition, its range,
// row count, first and last id, the file's sha256, and the seals covering its events. Both are
// written under a temporary name, flushed to disk, then renamed: a crash leaves either the old
// state or the whole file.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export const MANIFEST_FORMAT = "ssot.events.archive/1";

const seal = z.object({
  id: z.number().int(),
  from_txid: z.string(),
  to_txid: z.string(),
  event_count: z.number().int(),
  events_in_file: z.number().int(),
  first_event_id: z.number().int().nullable(),
  last_event_id: z.number().int().nullable(),
  digest_scheme: z.number().int(),
  batch_digest: z.string(),
  prev_hash: z.string().nullable(),
  hash: z.string(),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  partition: z.string().regex(/^events_\d{4}_\d{2}$/),
  range_from: z.string(),
  range_to: z.string(),
  row_count: z.number().int().nonnegative(),
  first_event_id: z.number().int().nullable(),
  last_event_id: z.number().int().nullable(),
  file: z.string(),
  file_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  seals: z.array(seal),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestSeal = z.infer<typeof seal>;

/** What ops.event_archive_partition returns: a manifest without its file. */
export type PartitionInfo = Omit<Manifest, "format" | "file" | "file_sha256">;

export const archiveFileName = (partition: string) => `${partition}.jsonl.gz`;

/** The manifest next to an archive file (events_2026_01.jsonl.gz → events_2026_01.manifest.json). */
export function manifestPathFor(file: string): string {
  if (!file.endsWith(".jsonl.gz")) throw new Error(`${file}: an archive file's name ends with .jsonl.gz`);
  return file.slice(0, -".jsonl.gz".length) + ".manifest.json";
}

export class ManifestError extends Error {}

export function readManifest(file: string): Manifest {
  const p = manifestPathFor(file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(p, "utf8"));
  } catch (e) {
    throw new ManifestError(`${p}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : `not JSON (${(e as Error).message})`}`);
  }
  const m = manifestSchema.safeParse(raw);
  if (!m.success) throw new ManifestError(`${p}: not an archive manifest (${m.error.issues[0]?.path.join(".")}: ${m.error.issues[0]?.message})`);
  return m.data;
}

/** Flushes a file (or directory) to disk. */
export function fsyncPath(p: string) {
  const fd = fs.openSync(p, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Renames tmp to final and flushes both and the directory: the file appears whole or not at all. */
export function commitFile(tmp: string, final: string) {
  fsyncPath(tmp);
  fs.renameSync(tmp, final);
  fsyncPath(path.dirname(final));
}

export function writeManifest(file: string, m: Manifest) {
  const p = manifestPathFor(file);
  const tmp = `${p}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(m, null, 2) + "\n");
  commitFile(tmp, p);
}

/** JSON with object keys sorted: equal for equal contents, whatever order the keys came in. */
export const canonicalJson = (v: unknown) =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
