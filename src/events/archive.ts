// `ssot events archive --before DATE --to DIR`: each finished monthly partition of ops.events whose
// month ends on or before DATE is written to DIR (events_YYYY_MM.jsonl.gz and its manifest), the
// file is re-read from disk and verified against the seals, the archive is recorded in
// ops.event_archives, and the partition detached and dropped, in one transaction; only then. A
// crash at any point loses nothing: the partition is dropped last, and a re-run finds the file,
// verifies it and goes on (a file that does not verify is never overwritten).
import fs from "node:fs";
import path from "node:path";
import type { Client } from "../db/client.ts";
import { checkSeals, type ArchiveRef } from "./check.ts";
import type { Problem } from "./digest.ts";
import { writeArchiveFile } from "./file.ts";
import { archiveFileName, canonicalJson, manifestPathFor, MANIFEST_FORMAT, readManifest, writeManifest, type Manifest, type PartitionInfo } from "./manifest.ts";
import { activeArchives, loadSeals } from "./verify.ts";

export class ArchiveError extends Error {}

export interface ArchivedPartition {
  partition: string;
  file: string;
  rows: number;
  seals: number[];
  /** the file was already there (an earlier run stopped before dropping the partition) and verified */
  reused: boolean;
}

/** Test hook: SSOT_EVENTS_ARCHIVE_CRASH=after-write kills the process once the file and manifest are on disk. */
function crashHook(point: string) {
  if (process.env.SSOT_EVENTS_ARCHIVE_CRASH === point) process.kill(process.pid, "SIGKILL");
}

/** The partitions to archive: their month ends on or before `before` and is over. */
export async function partitionsBefore(c: Client, before: string): Promise<string[]> {
  const r = await c.query<{ partition_name: string }>(
    `select partition_name from ops.event_partitions()
      where range_to <= ($1::date)::timestamp at time zone 'utc'
        and range_to <= pg_catalog.date_trunc('month', pg_catalog.now() at time zone 'utc') at time zone 'utc'
      order by range_from`,
    [before],
  );
  return r.rows.map((x) => x.partition_name);
}

const sameContents = (a: PartitionInfo, b: PartitionInfo) =>
  a.partition === b.partition && a.row_count === b.row_count && a.first_event_id === b.first_event_id && a.last_event_id === b.last_event_id &&
  canonicalJson(a.seals) === canonicalJson(b.seals);

const problemLine = (ps: Problem[]) => ps.map((p) => `${p.name}: ${p.message}`).join("; ");

/** Verifies the archive of one partition, re-read from disk, against the seals (other archives from dir). */
async function verifyWritten(c: Client, dir: string, ref: ArchiveRef): Promise<Problem[]> {
  const seals = await loadSeals(c);
  const archives = (await activeArchives(c)).filter((a) => a.partition !== ref.partition).concat(ref);
  const only = new Set(ref.manifest.seals.map((s) => s.id));
  const r = await checkSeals(c, { seals, archives, dir, files: new Map([[ref.partition, path.join(dir, ref.fileName)]]), only, exclude: [ref.partition] });
  if (r.counted) r.problems.push({ name: ref.fileName, message: `${r.counted} of its seals could not be re-hashed` });
  return r.problems;
}

/** The manifest of the file already in dir when it is that of the partition as it is now, else undefined (or an error). */
function existingManifest(file: string, info: PartitionInfo): Manifest | undefined {
  if (!fs.existsSync(file)) return undefined;
  if (!fs.existsSync(manifestPathFor(file))) return undefined; // written, but the run stopped before its manifest: written anew
  const m = readManifest(file);
  if (!sameContents(m, info)) {
    throw new ArchiveError(`${file} is already there but is not the archive of ops.${info.partition} as it is now (${m.row_count} events in the manifest, ${info.row_count} in the partition): move it away, then archive again`);
  }
  return m;
}

/** Archives one partition (see the top of this file). */
export async function archivePartition(c: Client, partition: string, dir: string): Promise<ArchivedPartition> {
  const info = (await c.query<{ m: PartitionInfo }>(`select ops.event_archive_partition($1) as m`, [partition])).rows[0]!.m;
  const fileName = archiveFileName(partition);
  const file = path.join(dir, fileName);
  let manifest = existingManifest(file, info);
  const reused = manifest !== undefined;
  if (!manifest) {
    const w = await writeArchiveFile(c, partition, file);
    if (w.rows !== info.row_count) throw new ArchiveError(`ops.${partition}: ${w.rows} events written, ${info.row_count} counted: run again`);
    manifest = { format: MANIFEST_FORMAT, ...info, file: fileName, file_sha256: w.sha256 };
    writeManifest(file, manifest);
    crashHook("after-write");
  }
  const problems = await verifyWritten(c, dir, { partition, fileName, fileSha256: manifest.file_sha256, manifest });
  if (problems.length) {
    throw new ArchiveError(`ops.${partition} is not archived: ${file} does not verify against the seals (${problemLine(problems)}); the partition is kept`);
  }
  await c.query("begin");
  try {
    await c.query(`select ops.event_archive_commit($1, $2, $3, $4::jsonb)`, [partition, fileName, manifest.file_sha256, JSON.stringify(manifest)]);
    await c.query("commit");
  } catch (e) {
    await c.query("rollback").catch(() => {});
    throw e;
  }
  return { partition, file, rows: info.row_count, seals: info.seals.map((s) => s.id), reused };
}

/** Archives every finished partition ending on or before `before`, oldest first. */
export async function archiveBefore(c: Client, before: string, dir: string, onDone?: (a: ArchivedPartition) => void): Promise<ArchivedPartition[]> {
  const done: ArchivedPartition[] = [];
  for (const p of await partitionsBefore(c, before)) {
    const a = await archivePartition(c, p, dir);
    onDone?.(a);
    done.push(a);
  }
  return done;
}
