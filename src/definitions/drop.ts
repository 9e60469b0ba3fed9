// Dropping what is no longer defined, never with CASCADE. Retried until nothing more goes, so that
// among the objects to drop, dependents (a view on a function, a trigger on its function) go first;
// what still cannot go (something else depends on it) is kept with its record and reported: the
// next apply tries again.
import type pg from "pg";
import type { TrackedObject } from "./objects.ts";
import { sql } from "./sql.ts";

export interface DropResult {
  /** e.g. "function public.f(integer)" */
  dropped: string[];
  /** e.g. "view public.v: cannot drop view public.v because other objects depend on it" */
  dropFailed: string[];
}

const label = (o: TrackedObject) => `${o.kind} ${o.identity}`;

/** Tries to drop one object in a savepoint; its error message when it cannot go. */
async function tryDrop(c: pg.Client, o: TrackedObject): Promise<string | undefined> {
  try {
    await c.query(`savepoint definition_drop`);
    await c.query(o.drop_sql);
    await c.query(`release savepoint definition_drop`);
  } catch (e) {
    await c.query(`rollback to savepoint definition_drop`);
    return (e as Error).message;
  }
  await c.query(sql("forget-object"), [o.kind, o.identity]);
  return undefined;
}

export async function dropStale(c: pg.Client, objects: TrackedObject[], log: (line: string) => void): Promise<DropResult> {
  const result: DropResult = { dropped: [], dropFailed: [] };
  const errors = new Map<string, string>();
  let pending = objects;
  for (let progress = true; progress && pending.length; ) {
    progress = false;
    const left: TrackedObject[] = [];
    for (const o of pending) {
      const error = await tryDrop(c, o);
      if (error === undefined) {
        result.dropped.push(label(o));
        log(`dropped ${label(o)} (its definition file no longer creates it)`);
        progress = true;
      } else {
        errors.set(label(o), error);
        left.push(o);
      }
    }
    pending = left;
  }
  for (const o of pending) {
    const msg = errors.get(label(o))!;
    result.dropFailed.push(`${label(o)}: ${msg}`);
    log(`could not drop ${label(o)}: ${msg} (drop it in a migration)`);
  }
  return result;
}
