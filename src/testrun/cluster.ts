// The test cluster: a cluster of its own (port SSOT_TEST_PORT) so tests never touch the dev
// database and may even crash the server. Each run builds a migrated, seeded template once; the
// cron database (where pg_cron lives) and per-file databases are cloned from it.
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { escapeIdentifier } from "pg";
import { loadEnv } from "../config/env.ts";
import { ensureCronScheduler } from "../cron/scheduler.ts";
import { bootstrap } from "../bootstrap/bootstrap.ts";
import { withClient, withDatabase } from "../db/client.ts";
import { applyDefinitions } from "../definitions/apply.ts";
import { runMigrate } from "../migrations/migrate.ts";
import { testCluster, TEST_DB, type Target } from "../cluster/targets.ts";
import { loadSeeds } from "../seeds/load.ts";
import { helperFiles } from "./pgtap.ts";

export const TEMPLATE_DB = "ssot_test_tpl";

export interface TestEnv {
  /** Superuser connection to the maintenance database `postgres` of the test cluster. */
  rootUrl: string;
  /** The migrated, seeded template (never connect to it: clones need it idle). */
  templateUrl: string;
  /** The database pg_cron lives in: a clone of the template plus pg_cron and db/cron. */
  cronUrl: string;
  port: number;
  dataDir: string;
  pgBin: string;
}

// identifiers are quoted by pg's escapeIdentifier, the one quoting the project uses
const q = escapeIdentifier;

async function recreate(rootUrl: string, db: string, template?: string) {
  await withClient(rootUrl, async (c) => {
    await c.query(`drop database if exists ${q(db)} with (force)`);
    await c.query(`create database ${q(db)}${template ? ` template ${q(template)}` : ""}`);
  });
}

/** Starts the test cluster and builds the template and the cron database. */
export async function prepareTestCluster(): Promise<TestEnv> {
  const env = loadEnv();
  const cluster = testCluster(env);
  cluster.start();
  const rootUrl = cluster.url("postgres");
  await recreate(rootUrl, TEMPLATE_DB);
  const templateUrl = cluster.url(TEMPLATE_DB);
  await bootstrap(templateUrl, { pgtap: true });
  const target: Target = { databaseUrl: templateUrl, rootUrl, cluster };
  await runMigrate(target);
  await applyDefinitions(templateUrl);
  await loadSeeds(templateUrl);
  await withClient(templateUrl, async (c) => {
    for (const f of helperFiles()) await c.query(fs.readFileSync(f, "utf8"));
  });
  await recreate(rootUrl, TEST_DB, TEMPLATE_DB);
  // dropping the cron database stopped pg_cron's scheduler for good: restart so jobs run
  await ensureCronScheduler(rootUrl, cluster);
  const cronUrl = cluster.url(TEST_DB);
  await bootstrap(cronUrl, { pgtap: true });
  await applyDefinitions(cronUrl, { force: true });
  // read after the restart above: the URLs carry the port the server listens on now
  return {
    rootUrl: cluster.url("postgres"), templateUrl: cluster.url(TEMPLATE_DB), cronUrl, port: cluster.port, dataDir: cluster.dataDir, pgBin: env.SSOT_PG_BIN,
  };
}

export function testEnvToProcessEnv(t: TestEnv): Record<string, string> {
  return {
    SSOT_TEST_ROOT_URL: t.rootUrl,
    SSOT_TEST_TEMPLATE_URL: t.templateUrl,
    SSOT_TEST_CRON_URL: t.cronUrl,
    SSOT_TEST_PG_PORT: String(t.port),
    SSOT_TEST_DATA_DIR: t.dataDir,
    SSOT_TEST_PG_BIN: t.pgBin,
  };
}

export function testEnvFromProcess(): TestEnv | undefined {
  const e = process.env;
  if (!e.SSOT_TEST_TEMPLATE_URL || !e.SSOT_TEST_ROOT_URL || !e.SSOT_TEST_CRON_URL) return undefined;
  return {
    rootUrl: e.SSOT_TEST_ROOT_URL,
    templateUrl: e.SSOT_TEST_TEMPLATE_URL,
    cronUrl: e.SSOT_TEST_CRON_URL,
    port: Number(e.SSOT_TEST_PG_PORT),
    dataDir: e.SSOT_TEST_DATA_DIR ?? "",
    pgBin: e.SSOT_TEST_PG_BIN ?? "/usr/lib/postgresql/15/bin",
  };
}

export function requireTestEnv(): TestEnv {
  const t = testEnvFromProcess();
  if (!t) throw new Error("the test cluster is not prepared: run tests with `npm test` (or vitest, whose globalSetup prepares it)");
  return t;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A database of one's own, cloned from the migrated template; drop it when done. */
export async function createTestDatabase(prefix = "t", t: TestEnv = requireTestEnv()): Promise<TestDatabase> {
  const name = `ssot_${prefix}_${randomBytes(5).toString("hex")}`;
  await withClient(t.rootUrl, async (c) => {
    await c.query(`create database ${q(name)} template ${q(TEMPLATE_DB)}`);
    // database-level settings and privileges are not copied from a template (as the bootstrap sets them)
    await c.query(`alter database ${q(name)} set search_path = "$user", public, extensions`);
    await c.query(`revoke temporary on database ${q(name)} from public`);
  });
  return {
    name,
    url: withDatabase(t.rootUrl, name),
    drop: () => withClient(t.rootUrl, (c) => c.query(`drop database if exists ${q(name)} with (force)`)).then(() => {}),
  };
}
