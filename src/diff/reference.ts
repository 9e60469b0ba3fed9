// The reference of `ssot diff`: what db/ creates, as a scratch database on a local cluster built
// exactly as `ssot migrate` and `ssot seed` build one (root bootstrap, committed migrations,
// definitions, seeds), plus the db/cron declarations, which the definitions skip where pg_cron does
// not live: ops.cron_declare then records the job in ops.cron_jobs only, and that registry row is
// the declaration compared. Dropped when the comparison is done.
import { randomBytes } from "node:crypto";
import { escapeIdentifier } from "pg";
import { bootstrap } from "../bootstrap/bootstrap.ts";
import { dbDir } from "../cluster/paths.ts";
import { withClient, withDatabase } from "../db/client.ts";
import { applyDefinitions } from "../definitions/apply.ts";
import { listDefinitions } from "../definitions/files.ts";
import { runMigrate } from "../migrations/migrate.ts";
import { loadSeeds } from "../seeds/load.ts";

export interface Reference {
  url: string;
  drop(): Promise<void>;
}

/** Runs every db/cron file in `url` (ops.cron_declare records each job in ops.cron_jobs). */
export async function declareCronJobs(url: string, root = dbDir) {
  const files = listDefinitions(root).filter((f) => f.group === "cron");
  await withClient(url, async (c) => {
    await c.query("begin");
    try {
      for (const f of files) {
        await c.query(`select set_config('ssot.definition_file', $1, true)`, [f.key]);
        await c.query(f.sql);
      }
      await c.query("commit");
    } catch (e) {
      await c.query("rollback").catch(() => {});
      throw e;
    }
  });
}

/**
 * graphile-migrate reads the target from the process environment (put back afterwards) and logs
 * each migration through console.log/info (silenced: the reference is scratch, and `--json` output
 * must stay JSON); its warnings and errors still reach stderr.
 */
async function quietMigrate<T>(fn: () => Promise<T>): Promise<T> {
  const keys = ["DATABASE_URL", "ROOT_DATABASE_URL", "SHADOW_DATABASE_URL"] as const;
  const saved = keys.map((k) => process.env[k]);
  const { log, info } = console;
  console.log = console.info = () => {};
  try {
    return await fn();
  } finally {
    keys.forEach((k, i) => (saved[i] === undefined ? delete process.env[k] : (process.env[k] = saved[i])));
    Object.assign(console, { log, info });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** References left by a run that was interrupted (Ctrl-C): their process (in the name) is gone. */
async function dropLeftovers(rootUrl: string) {
  await withClient(rootUrl, async (c) => {
    const r = await c.query(`select datname from pg_database where datname ~ '^ssot_diff_[0-9]+_[0-9a-f]+$'`);
    for (const { datname } of r.rows as Array<{ datname: string }>) {
      if (!processAlive(Number(datname.split("_")[2]))) await c.query(`drop database if exists ${escapeIdentifier(datname)} with (force)`);
    }
  });
}

/**
 * A new database `ssot_diff_<pid>_<random>` on the cluster whose superuser connection is `rootUrl`,
 * migrated, defined and seeded from db/. Dropped again when building it fails; the leftovers of
 * interrupted runs (their process is gone) are dropped first.
 */
export async function buildReference(rootUrl: string): Promise<Reference> {
  await dropLeftovers(rootUrl);
  const name = `ssot_diff_${process.pid}_${randomBytes(5).toString("hex")}`;
  const url = withDatabase(rootUrl, name);
  await withClient(rootUrl, (c) => c.query(`create database ${escapeIdentifier(name)}`));
  const drop = () => withClient(rootUrl, (c) => c.query(`drop database if exists ${escapeIdentifier(name)} with (force)`)).then(() => {});
  try {
    await bootstrap(url);
    await quietMigrate(() => runMigrate({ databaseUrl: url, rootUrl }));
    await applyDefinitions(url);
    await loadSeeds(url);
    await declareCronJobs(url);
  } catch (e) {
    await drop().catch(() => {});
    throw e;
  }
  return { url, drop };
}
