// graphile-migrate, driven with the project's .gmrc and the target's connection strings.
import { escapeIdentifier } from "pg";
import fs from "node:fs";
import path from "node:path";
import JSON5 from "json5";
import * as gm from "graphile-migrate";
// not re-exported by the package index; the pools are this module's
import { clearAllPools } from "graphile-migrate/dist/pgReal.js";
import { dbDir, projectRoot } from "../cluster/paths.ts";
import type { Target } from "../cluster/targets.ts";
import { bootstrap } from "../bootstrap/bootstrap.ts";
import { databaseName, withClient, withDatabase } from "../db/client.ts";
import { ensureCronScheduler, type CronSchedulerState } from "../cron/scheduler.ts";

/**
 * graphile-migrate's root connection, which it uses only to drop and create databases (reset) and
 * for root hooks. It refuses one equal to the main connection string, which is what a Supabase
 * project has (`postgres` is its most privileged login): there is no separate root, so none is
 * given, and `ssot reset` refuses such a target (see runReset).
 */
function gmRootUrl(target: Target): string | undefined {
  return target.rootUrl === target.databaseUrl ? undefined : target.rootUrl;
}

export function gmSettings(target: Target): gm.Settings {
  const file = path.join(projectRoot, ".gmrc");
  const settings = JSON5.parse(fs.readFileSync(file, "utf8")) as gm.Settings;
  return {
    ...settings,
    migrationsFolder: path.join(dbDir, "migrations"),
    connectionString: target.databaseUrl,
    shadowConnectionString: target.shadowUrl,
    // graphile-migrate falls back to ROOT_DATABASE_URL, then to the database name template1
    rootConnectionString: gmRootUrl(target) ?? "template1",
  };
}

/** graphile-migrate spawns hook commands with the process environment: keep it consistent. */
export function exportTargetEnv(target: Target) {
  process.env.DATABASE_URL = target.databaseUrl;
  if (target.shadowUrl) process.env.SHADOW_DATABASE_URL = target.shadowUrl;
  const root = gmRootUrl(target);
  if (root) process.env.ROOT_DATABASE_URL = root;
  else delete process.env.ROOT_DATABASE_URL;
}

export async function runMigrate(target: Target, opts: { shadow?: boolean } = {}) {
  exportTargetEnv(target);
  await withCwd(() => gm.migrate(gmSettings(target), opts.shadow ?? false));
  // graphile-migrate keeps its pools open for a moment after use, and exits the process when one of
  // their idle connections is terminated (a database dropped with force, a restart): close them now
  clearAllPools();
}

/**
 * Drops and recreates the database, bootstraps it and runs every migration (and so the
 * definitions). Unlike graphile-migrate's reset it drops `with (force)`: pg_cron's launcher keeps
 * a connection open to the database it lives in, which a plain DROP DATABASE refuses.
 */
export async function runReset(target: Target, opts: { shadow?: boolean } = {}): Promise<CronSchedulerState | undefined> {
  const url = opts.shadow ? target.shadowUrl : target.databaseUrl;
  if (!url) throw new Error("no shadow database configured (SHADOW_DATABASE_URL)");
  if (!gmRootUrl(target)) {
    throw new Error("reset needs ROOT_DATABASE_URL on another database than DATABASE_URL (it drops and recreates the database); on Supabase, reset the project from its dashboard or `supabase db reset`");
  }
  const db = databaseName(url);
  const q = escapeIdentifier(db);
  await withClient(target.rootUrl, async (c) => {
    await c.query(`drop database if exists ${q} with (force)`);
    await c.query(`create database ${q}`);
  });
  await bootstrap(withDatabase(target.rootUrl, db));
  exportTargetEnv(target);
  await withCwd(() => gm.migrate(gmSettings(target), opts.shadow ?? false, true));
  clearAllPools(); // as in runMigrate
  // dropping the database pg_cron lives in stopped its scheduler for good
  if (!opts.shadow) return ensureCronScheduler(target.rootUrl, target.cluster);
  return undefined;
}

export async function runStatus(target: Target) {
  exportTargetEnv(target);
  // graphile-migrate validates a shadow connection string for status but never connects to it
  // (status reads the target's migrations table and current.sql): a target without a shadow
  // database (a Supabase project) gets a name that is only validated
  const settings = gmSettings(target);
  if (!settings.shadowConnectionString) settings.shadowConnectionString = withDatabase(target.databaseUrl, `${databaseName(target.databaseUrl)}_shadow_unused`);
  return withCwd(() => gm.status(settings));
}

export async function runCommit(target: Target, message?: string) {
  exportTargetEnv(target);
  await withCwd(() => gm.commit(gmSettings(target), message));
}

export async function runWatch(target: Target, once = false) {
  exportTargetEnv(target);
  await withCwd(() => gm.watch(gmSettings(target), once, false));
}

/** Hook commands are relative to the project root. */
async function withCwd<T>(fn: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(projectRoot);
  try {
    return await fn();
  } finally {
    process.chdir(before);
  }
}
