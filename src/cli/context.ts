// What most commands need first: a valid environment and a reachable, bootstrapped database.
import { escapeIdentifier } from "pg";
import { loadEnv, type Env } from "../config/env.ts";
import { bootstrap, BootstrapError } from "../bootstrap/bootstrap.ts";
import { withClient, withDatabase, databaseName } from "../db/client.ts";
import { devTarget, type Target } from "../cluster/targets.ts";
import type { LocalCluster } from "../cluster/local.ts";
import { ensureProvisioned } from "./provision.ts";
import { userErrorFromConfig } from "./errors.ts";
import { UserError, warn } from "./out.ts";

export function env(): Env {
  try {
    return loadEnv();
  } catch (e) {
    throw userErrorFromConfig(e);
  }
}

/** Creates `db` on the cluster when it does not exist. */
export async function ensureDatabase(cluster: LocalCluster, db: string) {
  await withClient(cluster.url("postgres"), async (c) => {
    const r = await c.query(`select 1 from pg_database where datname = $1`, [db]);
    if (!r.rowCount) await c.query(`create database ${escapeIdentifier(db)}`);
  });
}

/**
 * The dev target, ready to migrate: for the embedded cluster this provisions, starts and creates
 * the database; for any target it runs the root bootstrap.
 */
export async function readyTarget(opts: { bootstrap?: boolean } = {}): Promise<Target> {
  const e = env();
  const target = devTarget(e);
  if (target.cluster) {
    ensureProvisioned();
    target.cluster.start();
    await ensureDatabase(target.cluster, e.SSOT_DB_NAME);
  }
  if (opts.bootstrap !== false) await runBootstrap(withDatabase(target.rootUrl, databaseName(target.databaseUrl)));
  return target;
}

/** The root bootstrap, with what the connecting role could not do said in one line each. */
export async function runBootstrap(url: string) {
  try {
    const r = await bootstrap(url);
    for (const line of r.warnings) warn(`ssot: ${line}`);
    return r;
  } catch (e) {
    if (e instanceof BootstrapError) throw new UserError(e.message);
    throw e;
  }
}

/**
 * Where the readers (report, odoo drift, rag search) read: READ_DATABASE_URL when set (a read
 * replica: they run read-only, so a hot standby serves them), else the dev target's database.
 */
export function readerUrl(): { url: string; replica: boolean } {
  const e = env();
  return e.READ_DATABASE_URL ? { url: e.READ_DATABASE_URL, replica: true } : { url: devTarget(e).databaseUrl, replica: false };
}

/** readerUrl(), with the embedded cluster started when that is where the readers read. */
export async function readyReader(): Promise<{ url: string; replica: boolean }> {
  if (env().READ_DATABASE_URL) return readerUrl();
  return { url: (await readyTarget({ bootstrap: false })).databaseUrl, replica: false };
}

/** The dev target without starting anything (for commands that only read state). */
export function currentTarget(): Target {
  return devTarget(env());
}
