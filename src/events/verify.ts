// `ssot events verify [--archive DIR]`: the whole seal chain across the database and the archive
// files. The result is a list of problems ({name, message}) that further checks append to.
import type { Client } from "../db/client.ts";
import { checkSeals, type ArchiveRef } from "./check.ts";
import { chainProblems, SEALS_SQL, type Problem, type SealRow } from "./digest.ts";
import { manifestSchema } from "./manifest.ts";

export async function loadSeals(c: Client): Promise<SealRow[]> {
  return (await c.query<SealRow>(`${SEALS_SQL} order by id`)).rows;
}

/** The partitions whose latest ledger row is an archive and which are not in the database. */
export async function activeArchives(c: Client): Promise<ArchiveRef[]> {
  const r = await c.query<{ partition_name: string; file_name: string; file_sha256: string; manifest: unknown }>(
    `select l.partition_name, l.file_name, l.file_sha256, l.manifest
       from (select distinct on (a.partition_name) a.* from ops.event_archives a order by a.partition_name, a.id desc) l
      where l.action = 'archived' and pg_catalog.to_regclass(pg_catalog.format('ops.%I', l.partition_name)) is null
      order by l.range_from`,
  );
  return r.rows.map((x) => ({ partition: x.partition_name, fileName: x.file_name, fileSha256: x.file_sha256, manifest: manifestSchema.parse(x.manifest) }));
}

export interface VerifyReport {
  problems: Problem[];
  seals: number;
  inDatabase: number;
  fromArchives: number;
  /** seals with events in archives that were not read (no --archive): counted only */
  counted: number;
  archives: number;
}

/** Verifies the chain: every link, every seal's events from the database and (with dir) the archive files. */
export async function verifyEvents(c: Client, opts: { archiveDir?: string } = {}): Promise<VerifyReport> {
  const seals = await loadSeals(c);
  const archives = await activeArchives(c);
  const problems = chainProblems(seals);
  const r = await checkSeals(c, { seals, archives, dir: opts.archiveDir });
  return { problems: problems.concat(r.problems), seals: seals.length, inDatabase: r.inDatabase, fromArchives: r.fromArchives, counted: r.counted, archives: archives.length };
}
