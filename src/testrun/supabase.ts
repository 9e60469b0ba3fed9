// The Supabase profile: a cluster of its own whose bootstrap superuser is `supabase_admin`, with a
// database `postgres` laid out as a Supabase project lays it out (src/testrun/supabase-layout.sql),
// where ssot runs as the non-superuser `postgres`, exactly as users run it on their project.
// `npm test` builds it fresh on every run, migrates and seeds it through the CLI as `postgres`, runs
// the pgTAP suite there as `postgres`, and vitest checks `ssot check` and `ssot doctor` against it.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LocalCluster } from "../cluster/local.ts";
import type { Env } from "../config/env.ts";
import { compatFiles } from "../bootstrap/bootstrap.ts";
import { withClient } from "../db/client.ts";
import { runCli, type CliResult } from "./run-cli.ts";

/** On Supabase the database is `postgres`, and pg_cron lives in it. */
export const SUPABASE_DB = "postgres";

const layoutFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "supabase-layout.sql");

export function supabaseCluster(env: Env): LocalCluster {
  return new LocalCluster({
    name: "supabase",
    preferredPort: env.SSOT_TEST_PORT + 1,
    disposable: true,
    cronDatabase: SUPABASE_DB,
    pgBin: env.SSOT_PG_BIN,
    home: env.SSOT_HOME,
    superuser: "supabase_admin",
  });
}

export interface SupabaseProfile {
  /** `postgres`, not a superuser: what ssot connects as (DATABASE_URL on a Supabase project). */
  url: string;
  /** `supabase_admin`, the superuser: only for what the dashboard or Supabase itself would do. */
  adminUrl: string;
}

/**
 * A fresh Supabase-shaped database: the cluster is re-initialised (roles are cluster-wide, and
 * nothing of an earlier run may leak in), the admin installs what Supabase ships (extensions, the
 * auth functions, vault, pg_net's API) and the role layout, and `postgres` gets a login password.
 */
export async function createSupabaseProfile(env: Env): Promise<SupabaseProfile> {
  const cluster = supabaseCluster(env);
  cluster.destroy();
  cluster.start();
  const adminUrl = cluster.url(SUPABASE_DB);
  const password = randomBytes(18).toString("base64url");
  await withClient(adminUrl, async (c) => {
    await c.query(`create schema extensions; create extension pgcrypto with schema extensions`);
    for (const f of compatFiles()) await c.query(fs.readFileSync(f, "utf8"));
    await c.query(fs.readFileSync(layoutFile, "utf8"));
    // base64url: no quote can occur in it
    await c.query(`alter role postgres password '${password}'`);
  });
  const u = new URL(adminUrl);
  u.username = "postgres";
  u.password = password;
  return { url: u.toString(), adminUrl };
}

/** Runs the CLI as a user would against the profile, as `postgres`: DATABASE_URL alone. */
export function ssotOnProfile(p: SupabaseProfile, args: string[], extraEnv: Record<string, string> = {}): CliResult {
  return runCli(args, { inherit: true, env: { DATABASE_URL: p.url, ROOT_DATABASE_URL: undefined, SHADOW_DATABASE_URL: undefined, ...extraEnv } });
}

/** A fresh profile, migrated and seeded through `ssot migrate` and `ssot seed` as `postgres`. */
export async function prepareSupabaseProfile(env: Env): Promise<SupabaseProfile> {
  const p = await createSupabaseProfile(env);
  for (const cmd of ["migrate", "seed"]) {
    const r = ssotOnProfile(p, [cmd]);
    if (r.code !== 0) throw new Error(`ssot ${cmd} as postgres failed (exit ${r.code}): ${(r.err || r.out).trim().split("\n").slice(-3).join(" | ")}`);
  }
  // pg_cron's launcher started before the layout created the extension and, here, does not pick up
  // the jobs `ssot migrate` schedules afterwards (seen: no job ran until a later cron.schedule).
  // A project's server runs with its jobs in place: restart so the launcher loads them.
  const cluster = supabaseCluster(env);
  cluster.stop();
  cluster.start();
  return p;
}

export function supabaseProfileToProcessEnv(p: SupabaseProfile): Record<string, string> {
  return { SSOT_TEST_SUPABASE_URL: p.url, SSOT_TEST_SUPABASE_ADMIN_URL: p.adminUrl };
}

export function supabaseProfileFromProcess(): SupabaseProfile | undefined {
  const { SSOT_TEST_SUPABASE_URL: url, SSOT_TEST_SUPABASE_ADMIN_URL: adminUrl } = process.env;
  return url && adminUrl ? { url, adminUrl } : undefined;
}
