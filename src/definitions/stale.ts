// Collecting what went stale: the objects of deleted files and those a file no longer creates.
// Each one is either still defined (another file of this run creates it: it moves to that file),
// gone already (its record goes), written in this run all the same (kept), or to be dropped.
import type pg from "pg";
import { objectKey, objectsOfFile, type TrackedObject } from "./objects.ts";
import { sql } from "./sql.ts";

/** The file's recorded objects that are not among those it just created (`mine`: objectKey of each). */
export async function staleOfFile(c: pg.Client, key: string, source: string, mine: Set<string>): Promise<TrackedObject[]> {
  return (await objectsOfFile(c, key, source)).filter((o) => !mine.has(objectKey(o)));
}

/** The objects recorded for files of `source` that are not among `keys` (deleted since). */
export async function objectsOfGoneFiles(c: pg.Client, source: string, keys: string[]): Promise<TrackedObject[]> {
  return (await c.query(sql("objects-of-gone-files"), [source, keys])).rows as TrackedObject[];
}

/**
 * Whether a catalog row's xmin was written by the run whose top transaction id is `runXid` or by
 * one of its subtransactions (a later xid, modulo 2^32 as PostgreSQL compares them).
 */
export function writtenInRun(xmin: number, runXid: number): boolean {
  return (xmin - runXid + 2 ** 32) % 2 ** 32 < 2 ** 31;
}

export type StaleAction =
  | { action: "reassign"; owner: string }
  | { action: "forget" }
  | { action: "keep" }
  | { action: "drop" };

/**
 * What to do with a stale object: `owner` is the first file of this run that created it (if any),
 * `xmin` its catalog row's xmin (null when the object is gone; not needed when it has an owner).
 */
export function staleAction(owner: string | undefined, xmin: number | null, runXid: number): StaleAction {
  if (owner) return { action: "reassign", owner };
  if (xmin === null) return { action: "forget" };
  // written in this run all the same (e.g. inside a nested block): leave it and its record
  if (writtenInRun(xmin, runXid)) return { action: "keep" };
  return { action: "drop" };
}

/**
 * Settles the stale objects that are not to be dropped (moving or forgetting their records) and
 * returns those to drop. `touchedBy` maps objectKey to the first file of this run that created it.
 */
export async function collectStale(c: pg.Client, stale: TrackedObject[], touchedBy: Map<string, string>, runXid: number): Promise<TrackedObject[]> {
  const pending: TrackedObject[] = [];
  for (const o of stale) {
    const owner = touchedBy.get(objectKey(o));
    const x = owner ? null : ((await c.query(sql("xmin"), [o.kind, o.identity, o.rel, o.name])).rows[0].x as string | null);
    const what = staleAction(owner, x === null ? null : Number(x), runXid);
    if (what.action === "reassign") await c.query(sql("reassign-object"), [o.kind, o.identity, what.owner]);
    else if (what.action === "forget") await c.query(sql("forget-object"), [o.kind, o.identity]);
    else if (what.action === "drop") pending.push(o);
  }
  return pending;
}
