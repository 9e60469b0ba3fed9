// Applying one definition file: it runs in a savepoint (the definition may record where it comes
// from in ssot.definition_file, as ops.cron_declare does), then the objects it created are recorded
// as its own and its checksum as applied. A failing file names itself and aborts the run.
import type pg from "pg";
import type { DefinitionFile } from "./files.ts";
import { objectKey, objectsCreatedBy, recordOwnership, type TrackedObject } from "./objects.ts";
import { sql } from "./sql.ts";
import { staleOfFile } from "./stale.ts";

/** Runs the file's SQL in a savepoint; the objects it created. Throws naming the file on an error. */
export async function runFile(c: pg.Client, f: DefinitionFile): Promise<TrackedObject[]> {
  try {
    await c.query(`savepoint definition_file`);
    await c.query(`select set_config('ssot.definition_file', $1, true)`, [f.key]);
    await c.query(f.sql);
    const created = await objectsCreatedBy(c, f.sql);
    await c.query(`release savepoint definition_file`);
    return created;
  } catch (e) {
    const err = e as Error & { position?: string };
    throw new Error(`db/${f.key}: ${err.message}${err.position ? ` (at character ${err.position})` : ""}`);
  }
}

/**
 * Applies the file and records what it owns. Returns the objects it recorded before and no longer
 * creates (stale); `touchedBy` gets each object it created that no earlier file of the run did.
 */
export async function applyFile(c: pg.Client, f: DefinitionFile, source: string, touchedBy: Map<string, string>): Promise<TrackedObject[]> {
  const created = await runFile(c, f);
  const stale = await staleOfFile(c, f.key, source, new Set(created.map(objectKey)));
  for (const o of created) if (!touchedBy.has(objectKey(o))) touchedBy.set(objectKey(o), f.key);
  await recordOwnership(c, f.key, source, created);
  await c.query(sql("record-file"), [f.key, f.checksum]);
  return stale;
}
