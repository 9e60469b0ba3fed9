// The root bootstrap: what must exist before the first migration and cannot be created by the
// migration owner. Extensions live in the `extensions` schema (as on Supabase); the Supabase
// pieces a plain PostgreSQL lacks come from db/compat and are skipped on a real Supabase database.
// Then the API roles are hardened: roles.ts (TEMP, statement_timeout), vault.ts, catalog.ts.
import { escapeIdentifier } from "pg";
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { dbDir } from "../cluster/paths.ts";
import { withClient } from "../db/client.ts";
import { revokeCatalogExposure } from "./catalog.ts";
import { createExtension, enableStep, extensionAvailable } from "./extensions.ts";
import { grantUsageWhereMissing } from "./privileges.ts";
import { ensureStatementTimeouts, revokeTemp } from "./roles.ts";
import { revokeVaultAccess } from "./vault.ts";

export interface BootstrapReport {
  supabase: boolean;
  compatApplied: string[];
  extensionsCreated: string[];
  /**
   * What the bootstrap could not do and a person must, one line each (printed by the CLI): an
   * extension the connecting role may not create (on Supabase, `postgres` is not a superuser; the
   * doctor fails on what that leaves missing), TEMP it could not revoke, a statement_timeout it
   * could not set, vault or pg_catalog privileges it could not revoke (each with the statement).
   */
  warnings: string[];
}

export const REQUIRED_EXTENSIONS = ["pgcrypto", "pg_trgm", "vector"] as const;

/** Raised when an extension the migrations need is missing and cannot be created by this role. */
export class BootstrapError extends Error {}

/** A real Supabase database has its own admin role and the auth helpers already. */
export async function isSupabase(c: pg.Client): Promise<boolean> {
  const r = await c.query(`select exists (select from pg_catalog.pg_roles where rolname = 'supabase_admin') as yes`);
  return r.rows[0].yes as boolean;
}

export function compatFiles(): string[] {
  const dir = path.join(dbDir, "compat");
  return fs.readdirSync(dir).filter((f) => f.endsWith(".sql")).sort().map((f) => path.join(dir, f));
}

/** Schema `extensions` and the extensions the migrations need; BootstrapError when one cannot be created. */
async function requiredExtensions(c: pg.Client, report: BootstrapReport): Promise<void> {
  // extensions first: compat files use pgcrypto
  const hasSchema = await c.query(`select 1 from pg_catalog.pg_namespace where nspname = 'extensions'`);
  if (!hasSchema.rowCount) {
    await c.query(`create schema extensions`);
    await c.query(`comment on schema extensions is 'Extensions live here, never in public (as on Supabase).'`);
  }
  const missing: string[] = [];
  for (const ext of REQUIRED_EXTENSIONS) if (!(await createExtension(c, ext, report))) missing.push(ext);
  if (missing.length) {
    throw new BootstrapError(missing.map((m) => (report.supabase ? enableStep(m, true) : `the ${m} extension is missing: ${enableStep(m, false)}`)).join("\n"));
  }
}

/** The db/compat files, on a plain PostgreSQL only; a file replacing an extension yields to it where it is available. */
async function applyCompat(c: pg.Client, report: BootstrapReport, files: string[]): Promise<void> {
  for (const file of files) {
    const sql = fs.readFileSync(file, "utf8");
    // `-- replaces-extension: <name>`: where that extension is available, use it instead
    const replaces = /^-- replaces-extension: (\w+)/m.exec(sql)?.[1];
    if (replaces && (await extensionAvailable(c, replaces))) {
      if (!(await createExtension(c, replaces, report, ""))) report.warnings.push(enableStep(replaces, report.supabase));
      continue;
    }
    // a Supabase database has every compat piece as Supabase's own (roles, auth, vault), except
    // an extension it does not offer; nothing of db/compat is installed there
    if (report.supabase) continue;
    await c.query(sql);
    report.compatApplied.push(path.relative(dbDir, file));
  }
}

/**
 * pg_cron in the database it runs jobs for and plpgsql_check (`ssot check` runs it over every
 * function; its assertion fails while it is missing): a warning each where it cannot be created.
 * pgTAP when asked (required then).
 */
async function optionalExtensions(c: pg.Client, report: BootstrapReport, pgtap: boolean): Promise<void> {
  const cronDb = await c.query(`select current_setting('cron.database_name', true) = current_database() as here`);
  if (cronDb.rows[0].here && !(await createExtension(c, "pg_cron", report))) report.warnings.push(enableStep("pg_cron", report.supabase));
  if (!(await createExtension(c, "plpgsql_check", report))) report.warnings.push(enableStep("plpgsql_check", report.supabase));
  if (pgtap && !(await createExtension(c, "pgtap", report))) {
    throw new BootstrapError(`the pgtap extension is missing: ${enableStep("pgtap", report.supabase)}`);
  }
}

/** The API roles' hardening; what this role could not do becomes one warning each. */
async function hardenRoles(c: pg.Client, report: BootstrapReport): Promise<void> {
  const s = report.supabase;
  for (const step of [() => revokeTemp(c), () => ensureStatementTimeouts(c), () => revokeVaultAccess(c, s), () => revokeCatalogExposure(c, s)]) {
    const w = await step();
    if (w) report.warnings.push(w);
  }
}

/**
 * Bootstraps the database `rootUrl` points at: a superuser connection on the embedded cluster and
 * plain PostgreSQL; on Supabase the project's `postgres`, which is not a superuser, so nothing here
 * may need one there. Idempotent, and it only creates what is missing. Extensions the role may not
 * create are listed in its warnings; one the migrations need stops it with BootstrapError.
 */
export async function bootstrap(rootUrl: string, opts: { pgtap?: boolean; compatFiles?: string[] } = {}): Promise<BootstrapReport> {
  return withClient(rootUrl, async (c) => {
    const supabase = await isSupabase(c);
    const report: BootstrapReport = { supabase, compatApplied: [], extensionsCreated: [], warnings: [] };
    await c.query(`select pg_advisory_lock(hashtext('ssot.bootstrap'))`);
    await c.query("begin");
    try {
      await requiredExtensions(c, report);
      await applyCompat(c, report, opts.compatFiles ?? compatFiles());
      await grantUsageWhereMissing(c, "extensions", ["anon", "authenticated", "service_role"]);
      await optionalExtensions(c, report, !!opts.pgtap);
      await hardenRoles(c, report);
      if (!supabase) {
        const db = (await c.query(`select current_database() as d`)).rows[0].d as string;
        await c.query(`alter database ${escapeIdentifier(db)} set search_path = "$user", public, extensions`);
      }
      await c.query("commit");
    } catch (e) {
      await c.query("rollback").catch(() => {});
      throw e;
    } finally {
      await c.query(`select pg_advisory_unlock(hashtext('ssot.bootstrap'))`);
    }
    return report;
  });
}
