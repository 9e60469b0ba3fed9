// Which databases a command talks to. With no DATABASE_URL it is the embedded dev cluster;
// otherwise the URLs given (ROOT_DATABASE_URL defaults to DATABASE_URL: on Supabase `postgres` is
// the most privileged role a project has).
import { clusterNames, LocalCluster } from "./local.ts";
import type { Env } from "../config/env.ts";
import { withDatabase } from "../db/client.ts";

export interface Target {
  databaseUrl: string;
  shadowUrl?: string;
  /** graphile-migrate's root connection: a superuser on a maintenance database (drops and creates). */
  rootUrl: string;
  /** The embedded cluster when the target is local. */
  cluster?: LocalCluster;
}

export function devCluster(env: Env): LocalCluster {
  return new LocalCluster({ name: "dev", preferredPort: env.SSOT_PORT, cronDatabase: env.SSOT_DB_NAME, pgBin: env.SSOT_PG_BIN, home: env.SSOT_HOME });
}

export const TEST_DB = "ssot_test";

/** `npm test` runs on a cluster of its own, so tests never touch the dev database and may crash it. */
export function testCluster(env: Env): LocalCluster {
  return new LocalCluster({
    name: "test", preferredPort: env.SSOT_TEST_PORT, cronDatabase: TEST_DB, pgBin: env.SSOT_PG_BIN, home: env.SSOT_HOME, disposable: true,
  });
}

/**
 * Every cluster this checkout has a folder for: dev, test, and any other name (scratch clusters of
 * tests, clusters added later), for `ssot db stop --all` and `ssot db status --all`. One of another
 * name is only stopped or listed here, never started, so its preferred port does not matter.
 */
export function checkoutClusters(env: Env): LocalCluster[] {
  const known: Record<string, (e: Env) => LocalCluster> = { dev: devCluster, test: testCluster };
  return clusterNames(env.SSOT_HOME).map(
    (name) => known[name]?.(env) ?? new LocalCluster({ name, preferredPort: env.SSOT_PORT, cronDatabase: "postgres", pgBin: env.SSOT_PG_BIN, home: env.SSOT_HOME }),
  );
}

export function devTarget(env: Env): Target {
  if (env.DATABASE_URL) {
    const root = env.ROOT_DATABASE_URL ?? env.DATABASE_URL;
    return { databaseUrl: env.DATABASE_URL, shadowUrl: env.SHADOW_DATABASE_URL, rootUrl: root };
  }
  const cluster = devCluster(env);
  return localTarget(cluster, env.SSOT_DB_NAME);
}

/** The URLs follow the cluster: read after it starts, they carry the port it really listens on. */
export function localTarget(cluster: LocalCluster, db: string): Target {
  return {
    get databaseUrl() { return cluster.url(db); },
    get shadowUrl() { return cluster.url(`${db}_shadow`); },
    get rootUrl() { return cluster.url("postgres"); },
    cluster,
  };
}

export { withDatabase };
