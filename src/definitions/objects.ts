// What a file owns: the functions, views, policies and triggers whose catalog rows its savepoint
// wrote and whose create statement it holds (a grant or a comment writes the same row, and does
// not make the object the file's). Recorded in ssot_meta.definition_objects.
import type pg from "pg";
import { sql } from "./sql.ts";

/** An object as ssot_meta.definition_objects records it; sch and nm only when just read off the catalog. */
export interface TrackedObject {
  kind: string;
  identity: string;
  sch?: string;
  nm?: string;
  rel: string | null;
  name: string | null;
  drop_sql: string;
}

/** The key of an object in the maps and sets of a run, e.g. "function:public.f(integer)". */
export const objectKey = (o: { kind: string; identity: string }) => `${o.kind}:${o.identity}`;

const re = (name: string) => `"?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?`;
/**
 * Whether the file's text creates the object (rather than only granting on it or commenting it,
 * which writes the same catalog row): a CREATE statement naming it. An object made by dynamic SQL
 * is not matched, so it is never dropped by this.
 */
export function createsObject(sql: string, o: { kind: string; sch: string; nm: string }): boolean {
  const qualified = `(${re(o.sch)}\\s*\\.\\s*)?${re(o.nm)}`;
  const pattern = {
    function: `create\\s+(or\\s+replace\\s+)?(function|procedure)\\s+${qualified}\\s*\\(`,
    view: `create\\s+(or\\s+replace\\s+)?(recursive\\s+)?view\\s+${qualified}(\\s|\\(|$)`,
    policy: `create\\s+policy\\s+${re(o.nm)}\\s+on\\s`,
    trigger: `create\\s+(or\\s+replace\\s+)?(constraint\\s+)?trigger\\s+${re(o.nm)}\\s`,
  }[o.kind];
  return pattern !== undefined && new RegExp(pattern, "i").test(sql);
}

/**
 * The objects the open savepoint created or replaced that `fileSql` creates. The subtransaction's
 * xid is read off a row it writes into the run's marker table (ssot_apply_marker).
 */
export async function objectsCreatedBy(c: pg.Client, fileSql: string): Promise<TrackedObject[]> {
  const sub = (await c.query(`insert into ssot_apply_marker values (1) returning xmin::text as x`)).rows[0].x as string;
  const rows = (await c.query(sql("touched"), [sub])).rows as Required<TrackedObject>[];
  return rows.filter((o) => createsObject(fileSql, o));
}

/** Records `objects` as the file `key`'s (an object already recorded keeps its first file). */
export async function recordOwnership(c: pg.Client, key: string, source: string, objects: TrackedObject[]): Promise<void> {
  for (const o of objects) await c.query(sql("record-object"), [o.kind, o.identity, key, source, o.rel, o.name, o.drop_sql]);
}

/** The objects recorded as the file `key`'s. */
export async function objectsOfFile(c: pg.Client, key: string, source: string): Promise<TrackedObject[]> {
  return (await c.query(sql("objects-of-file"), [key, source])).rows as TrackedObject[];
}
