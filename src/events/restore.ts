// `ssot events restore FILE`: the archive file is verified against its manifest, the ledger and
// the seals, then loaded into a new table attached as the partition it was, read-only (a trigger
// refuses every write, SS025, and no role holds INSERT, UPDATE, DELETE or TRUNCATE on it), and the
// restore recorded in ops.event_archives, all in one transaction. The chain verifies again after.
import path from "node:path";
import type { Client } from "../db/client.ts";
import { checkSeals, type ArchiveRef } from "./check.ts";
import { readArchiveLines } from "./file.ts";
import { canonicalJson, readManifest, type Manifest } from "./manifest.ts";
import { activeArchives, loadSeals } from "./verify.ts";
import type { Problem } from "./digest.ts";

export class RestoreError extends Error {}

const BATCH = 2000;

/** Problems of the file against the ledger, the manifest and the seals. */
async function verifyForRestore(c: Client, file: string, manifest: Manifest): Promise<Problem[]> {
  const fileName = path.basename(file);
  const ledger = await activeArchives(c);
  const recorded = ledger.find((a) => a.partition === manifest.partition);
  const problems: Problem[] = [];
  if (recorded && (recorded.fileSha256 !== manifest.file_sha256 || canonicalJson(recorded.manifest.seals) !== canonicalJson(manifest.seals))) {
    problems.push({ name: fileName, message: `its manifest is not the one recorded when ops.${manifest.partition} was archived (sha256 ${recorded.fileSha256})` });
  }
  const ref: ArchiveRef = { partition: manifest.partition, fileName, fileSha256: recorded?.fileSha256 ?? manifest.file_sha256, manifest };
  const archives = ledger.filter((a) => a.partition !== manifest.partition).concat(ref);
  const only = new Set(manifest.seals.map((s) => s.id));
  const r = await checkSeals(c, { seals: await loadSeals(c), archives, dir: path.dirname(file), files: new Map([[manifest.partition, file]]), only });
  if (r.counted) problems.push({ name: fileName, message: `${r.counted} of its seals could not be re-hashed` });
  return problems.concat(r.problems);
}

/** Loads the file's events into ops.<partition> (created by ops.event_restore_begin); the file's sha256. */
async function load(c: Client, file: string, partition: string): Promise<string> {
  const { lines, sha256 } = readArchiveLines(file);
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length) await c.query(`select ops.event_restore_load($1, $2::text[])`, [partition, batch]);
    batch = [];
  };
  for await (const line of lines) {
    batch.push(line);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return sha256();
}

export interface Restored {
  partition: string;
  rows: number;
  seals: number[];
}

export async function restoreArchive(c: Client, file: string): Promise<Restored> {
  const manifest = readManifest(file);
  const there = await c.query(`select pg_catalog.to_regclass(pg_catalog.format('ops.%I', $1::text)) is not null as x`, [manifest.partition]);
  if (there.rows[0].x) throw new RestoreError(`ops.${manifest.partition} is in the database: nothing to restore`);
  const problems = await verifyForRestore(c, file, manifest);
  if (problems.length) throw new RestoreError(`${file} is not restored: ${problems.map((p) => `${p.name}: ${p.message}`).join("; ")}`);
  const p = manifest.partition;
  await c.query("begin");
  try {
    await c.query(`select ops.event_restore_begin($1, $2::timestamptz, $3::timestamptz)`, [p, manifest.range_from, manifest.range_to]);
    const sha = await load(c, file, p);
    if (sha !== manifest.file_sha256) throw new RestoreError(`${file} changed while it was being restored: nothing restored`);
    await c.query(`select ops.event_restore_finish($1, $2, $3, $4::jsonb)`, [p, path.basename(file), sha, JSON.stringify(manifest)]);
    await c.query("commit");
  } catch (e) {
    await c.query("rollback").catch(() => {});
    throw e;
  }
  return { partition: p, rows: manifest.row_count, seals: manifest.seals.map((s) => s.id) };
}
