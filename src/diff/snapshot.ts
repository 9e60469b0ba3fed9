// One side of `ssot diff`: the catalog snapshot of a database (sql/snapshot.sql) and its pg_cron
// state, read in one read-only transaction with search_path = pg_catalog (every name in a
// definition comes out schema-qualified, the same on both sides). Nothing is installed in the target.
import fs from "node:fs";
import type pg from "pg";

export interface CatalogObject {
  kind: string;
  object: string;
  definition: string;
}

export interface CronJob {
  schedule: string;
  command: string;
  /** enabled in ops.cron_jobs, active in cron.job */
  on: boolean;
}

export interface Snapshot {
  objects: CatalogObject[];
  /** ops.cron_jobs by name (empty when the table is missing). */
  registry: Map<string, CronJob>;
  /** pg_cron's cron.job by name; null when pg_cron does not live in this database. */
  scheduled: Map<string, CronJob> | null;
}

const cache = new Map<string, string>();
function sql(name: string): string {
  let text = cache.get(name);
  if (text === undefined) cache.set(name, (text = fs.readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), "utf8")));
  return text;
}

export class NotInstalledError extends Error {}

/** The schemas that are not the project's, as the reference's advisor.platform_schemas() lists them. */
export async function platformSchemas(c: pg.Client): Promise<string[]> {
  const has = await c.query(`select to_regprocedure('advisor.platform_schemas()') is not null as yes`);
  if (!has.rows[0].yes) throw new NotInstalledError("advisor.platform_schemas() is not installed in this database: run `ssot migrate` against it first");
  return (await c.query(`select schema_name::text as s from advisor.platform_schemas() order by 1`)).rows.map((r) => r.s as string);
}

async function jobs(c: pg.Client, table: string, query: string): Promise<Map<string, CronJob> | null> {
  const has = await c.query(`select to_regclass($1) is not null as yes`, [table]);
  if (!has.rows[0].yes) return null;
  const rows = (await c.query(query)).rows as Array<{ name: string } & CronJob>;
  return new Map(rows.map((r) => [r.name, { schedule: r.schedule, command: r.command, on: r.on }]));
}

/** The snapshot of the database `c` is connected to. */
export async function takeSnapshot(c: pg.Client, platform: string[]): Promise<Snapshot> {
  await c.query(`begin isolation level repeatable read read only`);
  try {
    await c.query(`set local search_path = pg_catalog, pg_temp`);
    const objects = (await c.query(sql("snapshot"), [platform])).rows as CatalogObject[];
    const registry = await jobs(c, "ops.cron_jobs", `select name::text, schedule, command, enabled as on from ops.cron_jobs`);
    const scheduled = await jobs(c, "cron.job", `select jobname::text as name, schedule, command, active as on from cron.job where jobname is not null`);
    await c.query(`commit`);
    return { objects, registry: registry ?? new Map(), scheduled };
  } catch (e) {
    await c.query(`rollback`).catch(() => {});
    throw e;
  }
}
