// The one verification of seals across the database and archive files, shared by `ssot events
// verify`, `archive` (the file just written, re-read from disk) and `restore` (the file to load).
// Each seal's events come from the database (minus the partitions `exclude` names) and from the
// archives whose manifest lists the seal; a seal held by one file alone is hashed as the file
// streams by, a seal spanning sources has its events' hashes collected and sorted by id first.
import fs from "node:fs";
import path from "node:path";
import type { Client } from "../db/client.ts";
import { BatchDigest, sealFor, sha256 as sha256Of, type EventEntry, type Problem, type SealRow } from "./digest.ts";
import { readArchiveLines } from "./file.ts";
import { canonicalJson, manifestPathFor, readManifest, type Manifest } from "./manifest.ts";

/** An archived partition: its ledger row (ops.event_archives), or a file about to be recorded. */
export interface ArchiveRef {
  partition: string;
  fileName: string;
  fileSha256: string;
  manifest: Manifest;
}

export interface CheckOptions {
  seals: SealRow[];
  archives: ArchiveRef[];
  /** where the archive files are, by file name (a missing file is a problem); without it they are only counted */
  dir?: string;
  /** a file's own path, by partition, where it is not dir/file name */
  files?: Map<string, string>;
  /** check only these seals (default: all) */
  only?: Set<number>;
  /** partitions of the database whose events are those of an archive being checked (not counted twice) */
  exclude?: string[];
}

export interface CheckResult {
  problems: Problem[];
  /** seals re-hashed from the database alone */
  inDatabase: number;
  /** seals re-hashed with events read from archive files */
  fromArchives: number;
  /** seals with events in archives not read (no directory given): counted only */
  counted: number;
}

interface Slot {
  seal: SealRow;
  /** one archive holds all its events: hashed as the file streams */
  acc?: BatchDigest;
  entries: EventEntry[];
  files: string[];
  unreadable: boolean;
  archived: number;
}

function slotsFor(o: CheckOptions): Map<number, Slot> {
  const slots = new Map<number, Slot>();
  const byId = new Map(o.seals.map((s) => [s.id, s]));
  for (const a of o.archives) {
    for (const ms of a.manifest.seals) {
      const seal = byId.get(ms.id);
      if (!seal || (o.only && !o.only.has(ms.id))) continue;
      const slot = slots.get(ms.id) ?? { seal, entries: [], files: [], unreadable: false, archived: 0 };
      slot.archived += ms.events_in_file;
      slot.files.push(a.fileName);
      slots.set(ms.id, slot);
    }
  }
  for (const slot of slots.values()) {
    if (slot.files.length === 1 && slot.archived === slot.seal.event_count) slot.acc = new BatchDigest(slot.seal.digest_scheme);
  }
  return slots;
}

/** Reads one archive file, feeding its events to the seals' slots; the file's own problems. */
async function readArchive(a: ArchiveRef, file: string, o: CheckOptions, slots: Map<number, Slot>, upper: bigint[]): Promise<Problem[]> {
  const name = a.fileName;
  const m = a.manifest;
  const inFile = new Map<number, number>();
  const problems: Problem[] = [];
  let rows = 0;
  let first: number | null = null;
  let last: number | null = null;
  const { lines, sha256 } = readArchiveLines(file);
  for await (const line of lines) {
    let ev: unknown[];
    try {
      ev = JSON.parse(line) as unknown[];
      if (!Array.isArray(ev) || ev.length !== 11 || typeof ev[0] !== "number" || typeof ev[1] !== "string" || typeof ev[10] !== "string") throw new Error("not an event");
    } catch {
      return [...problems, { name, message: `line ${rows + 1} is not a canonical event text (the file was changed)` }];
    }
    const id = ev[0] as number;
    rows++;
    if (last !== null && id <= last) return [...problems, { name, message: `event ${id} after event ${last}: not in id order (the file was changed)` }];
    first ??= id;
    last = id;
    const at = Date.parse(`${ev[1] as string}Z`);
    if (!(at >= Date.parse(m.range_from) && at < Date.parse(m.range_to))) problems.push({ name, message: `event ${id} occurred at ${String(ev[1])}, outside ${m.partition}` });
    const seal = sealFor(o.seals, upper, BigInt(ev[10] as string));
    inFile.set(seal?.id ?? -1, (inFile.get(seal?.id ?? -1) ?? 0) + 1);
    const slot = seal && slots.get(seal.id);
    if (!slot) continue;
    const entry: EventEntry = { id, hash: sha256Of(Buffer.from(line, "utf8")) };
    if (slot.seal.digest_scheme === 1) entry.text = line;
    if (slot.acc) slot.acc.add(entry);
    else slot.entries.push(entry);
  }
  const sha = sha256();
  if (sha !== a.fileSha256) problems.push({ name, message: `its sha256 is ${sha}, ${a.fileSha256} was recorded: the file was changed` });
  if (rows !== m.row_count || first !== m.first_event_id || last !== m.last_event_id) {
    problems.push({ name, message: `holds ${rows} events (ids ${first ?? "-"}..${last ?? "-"}), the manifest says ${m.row_count} (ids ${m.first_event_id ?? "-"}..${m.last_event_id ?? "-"})` });
  }
  for (const ms of m.seals) {
    if ((inFile.get(ms.id) ?? 0) !== ms.events_in_file) problems.push({ name, message: `holds ${inFile.get(ms.id) ?? 0} events of seal ${ms.id}, the manifest says ${ms.events_in_file}` });
  }
  if (inFile.has(-1)) problems.push({ name, message: `holds ${inFile.get(-1)} events no seal covers` });
  return problems;
}

/** Reads every archive holding a seal to check; a missing or unreadable file marks its seals unreadable. */
async function readArchives(o: CheckOptions, slots: Map<number, Slot>): Promise<Problem[]> {
  const problems: Problem[] = [];
  const upper = o.seals.map((s) => BigInt(s.to_txid));
  for (const a of o.archives) {
    const mine = a.manifest.seals.filter((s) => slots.has(s.id));
    if (o.only && !mine.length && !o.files?.has(a.partition)) continue;
    const file = o.files?.get(a.partition) ?? (o.dir === undefined ? undefined : path.join(o.dir, a.fileName));
    const lost = () => mine.forEach((s) => (slots.get(s.id)!.unreadable = true));
    if (file === undefined) {
      lost();
      continue;
    }
    if (!fs.existsSync(file)) {
      const ids = a.manifest.seals.map((s) => s.id);
      problems.push({ name: a.fileName, message: `missing from ${path.dirname(file)}: the archive of ops.${a.partition} (${a.manifest.row_count} events, seals ${ids.length ? `${ids[0]}..${ids[ids.length - 1]}` : "none"})` });
      lost();
      continue;
    }
    try {
      problems.push(...manifestProblems(a, file, o.seals), ...(await readArchive(a, file, o, slots, upper)));
    } catch (e) {
      problems.push({ name: a.fileName, message: `unreadable: ${(e as Error).message} (the file was changed or cut short)` });
      lost();
    }
  }
  return problems;
}

/**
 * The manifest next to the file, a copy kept outside the database: the seals it names must still be
 * those of the database (a seal rewritten after archiving is caught here), its file the one recorded.
 */
function manifestProblems(a: ArchiveRef, file: string, seals: SealRow[]): Problem[] {
  if (!fs.existsSync(manifestPathFor(file))) return [{ name: path.basename(manifestPathFor(file)), message: `missing next to ${a.fileName}` }];
  let m: Manifest;
  try {
    m = readManifest(file);
  } catch (e) {
    return [{ name: path.basename(manifestPathFor(file)), message: (e as Error).message }];
  }
  const problems: Problem[] = [];
  if (m.file_sha256 !== a.fileSha256 || m.partition !== a.partition) {
    problems.push({ name: path.basename(manifestPathFor(file)), message: `is not the manifest recorded for ops.${a.partition} (file sha256 ${m.file_sha256}, recorded ${a.fileSha256})` });
  }
  const byId = new Map(seals.map((s) => [s.id, s]));
  for (const ms of m.seals) {
    const s = byId.get(ms.id);
    const { events_in_file: _n, ...copy } = ms;
    if (!s) problems.push({ name: `seal ${ms.id}`, message: `named by ${a.fileName}'s manifest, no longer in the database (a seal was removed)` });
    else if (canonicalJson(copy) !== canonicalJson(s)) problems.push({ name: `seal ${ms.id}`, message: `differs from its copy in ${a.fileName}'s manifest (the seal, or the manifest, was changed after archiving)` });
  }
  return problems;
}

const exclusion = (o: CheckOptions) => (o.exclude ?? []).map((p) => `ops.${p}`);

/** The events of a seal's range in the database (outside the excluded partitions), as entries. */
async function databaseEntries(c: Client, o: CheckOptions, s: SealRow): Promise<EventEntry[]> {
  const r = await c.query<{ id: number; h: Buffer; t: string | null }>(
    `select e.id, pg_catalog.sha256(pg_catalog.convert_to(ops.event_canonical_text(e), 'UTF8')) as h,
            case when $4 = 1 then ops.event_canonical_text(e) end as t
       from ops.events e where e.txid >= $1::xid8 and e.txid < $2::xid8 and e.tableoid::regclass::text <> all($3::text[])`,
    [s.from_txid, s.to_txid, exclusion(o), s.digest_scheme],
  );
  return r.rows.map((x) => ({ id: x.id, hash: x.h, text: x.t ?? undefined }));
}

/** Counts, per seal, of the events in the database (outside the excluded partitions). */
async function databaseCounts(c: Client, o: CheckOptions, ids: number[]): Promise<Map<number, number>> {
  const r = await c.query<{ id: number; n: number }>(
    `select s.id, count(e.id)::bigint as n from ops.event_seals s
       left join ops.events e on e.txid >= s.from_txid and e.txid < s.to_txid and e.tableoid::regclass::text <> all($2::text[])
      where s.id = any($1::bigint[]) group by s.id`,
    [ids, exclusion(o)],
  );
  return new Map(r.rows.map((x) => [x.id, x.n]));
}

/** A seal with events in archives: counted with the database, re-hashed when every part was read. */
async function checkArchivedSeal(c: Client, o: CheckOptions, slot: Slot, dbCount: number): Promise<Problem | "counted" | "hashed" | undefined> {
  const s = slot.seal;
  const where = `${slot.files.join(", ")}${dbCount ? " and the database" : ""}`;
  if (dbCount + slot.archived !== s.event_count) {
    return { name: `seal ${s.id}`, message: `covers ${s.event_count} events but ${dbCount} are in the database and ${slot.archived} in archives (${slot.files.join(", ")}): events are missing or were added` };
  }
  if (slot.unreadable) return "counted";
  let acc = slot.acc;
  if (!acc) {
    const all = slot.entries.concat(dbCount ? await databaseEntries(c, o, s) : []).sort((a, b) => a.id - b.id);
    acc = new BatchDigest(s.digest_scheme);
    for (const e of all) acc.add(e);
  }
  if (acc.count !== s.event_count) return { name: `seal ${s.id}`, message: `covers ${s.event_count} events, ${acc.count} were read from ${where}` };
  if (acc.digest() !== s.batch_digest) return { name: `seal ${s.id}`, message: `events ${s.first_event_id}..${s.last_event_id} in ${where} do not match the seal: they were changed after sealing` };
  return "hashed";
}

/** Seals of the database alone, re-hashed there (ops.event_batch_digest). */
async function checkDatabaseSeals(c: Client, ids: number[]): Promise<Problem[]> {
  if (!ids.length) return [];
  const r = await c.query<{ id: number; event_count: number; first_event_id: number; last_event_id: number; n: number; ok: boolean }>(
    `select s.id, s.event_count, s.first_event_id, s.last_event_id, b.event_count as n, b.digest = s.batch_digest as ok
       from ops.event_seals s cross join lateral ops.event_batch_digest(s.from_txid, s.to_txid, s.digest_scheme) b
      where s.id = any($1::bigint[]) order by s.id`,
    [ids],
  );
  return r.rows.flatMap((x) =>
    x.n !== x.event_count
      ? [{ name: `seal ${x.id}`, message: `covers ${x.event_count} events but ${x.n} are in the database and none in an archive: events were removed (a partition dropped without an archive?) or inserted in a sealed range` }]
      : !x.ok ? [{ name: `seal ${x.id}`, message: `events ${x.first_event_id}..${x.last_event_id} were changed after sealing` }] : [],
  );
}

/** Verifies the seals (o.only, else all) against the database and the archives. */
export async function checkSeals(c: Client, o: CheckOptions): Promise<CheckResult> {
  const slots = slotsFor(o);
  const problems = await readArchives(o, slots);
  const res: CheckResult = { problems, inDatabase: 0, fromArchives: 0, counted: 0 };
  const archivedIds = [...slots.keys()];
  const counts = await databaseCounts(c, o, archivedIds);
  for (const id of archivedIds) {
    const out = await checkArchivedSeal(c, o, slots.get(id)!, counts.get(id) ?? 0);
    if (out === "counted") res.counted++;
    else if (out === "hashed") res.fromArchives++;
    else if (out) problems.push(out);
  }
  const dbIds = o.seals.filter((s) => !slots.has(s.id) && (!o.only || o.only.has(s.id))).map((s) => s.id);
  problems.push(...(await checkDatabaseSeals(c, dbIds)));
  res.inDatabase = dbIds.length;
  return res;
}
