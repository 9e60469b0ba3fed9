// The root bootstrap: what must exist before the first migration and cannot be created by the
// migration owner. Extensions live in the `extensions` schema (as on Supabase); the Supabase
// pieces a plain PostgreSQL lacks come from db/compat and are skipped on a real Supabase database.
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { dbDir } from "../cluster/paths.ts";
import { withClient } from "./client.ts";

export interface BootstrapReport {
  supabase: boolean;
  compatApplied: string[];
  extensionsCreated: string[];
  /**
   * What the bootstrap could not do and a person must, one line each (printed by the CLI): an
   * extension the connecting role may not create (on Supabase, `postgres` is not a superuser; the
   * doctor fails on what that leaves missing), TEMP it could not revoke.
   */
  warnings: string[];
}

/** The roles PostgREST acts as (and logs in as): none of them may create temporary objects. */
export const API_ROLES = ["anon", "authenticated", "service_role", "authenticator"] as const;

/**
 * Revokes TEMP on the current database from PUBLIC and the API roles: a caller who can create
 * temporary objects can shadow the tables and types of any function whose search_path leaves
 * pg_temp implicit. Only the database's owner (or a superuser) can revoke what the owner granted;
 * on Supabase the database may belong to another role than the one connected, and then this
 * returns one line saying what to run, as whom, instead of failing (`ssot check` reports it too).
 */
export async function revokeTemp(c: pg.Client): Promise<string | undefined> {
  const db = (await c.query(`select current_database() as d, pg_catalog.pg_get_userbyid(datdba) as owner from pg_catalog.pg_database where datname = current_database()`)).rows[0] as { d: string; owner: string };
  const roles = (await c.query(`select rolname from pg_catalog.pg_roles where rolname = any ($1::text[]) order by rolname`, [API_ROLES])).rows.map((r) => r.rolname as string);
  const sql = `revoke temporary on database ${quoteIdent(db.d)} from ${["public", ...roles.map(quoteIdent)].join(", ")}`;
  // a non-owner's REVOKE warns "no privileges could be revoked" (or fails when it holds no
  // privilege); the DO block's handler keeps a failure from aborting the caller's transaction
  await c.query(`set client_min_messages = error`);
  try {
    await c.query(`do $revoke$ begin execute ${c.escapeLiteral(sql)}; exception when insufficient_privilege then null; end $revoke$`);
  } finally {
    await c.query(`reset client_min_messages`);
  }
  const left = (await c.query(`select rolname from pg_catalog.pg_roles where rolname = any ($1::text[]) and pg_catalog.has_database_privilege(oid, current_database(), 'temporary') order by rolname`, [roles])).rows.map((r) => r.rolname as string);
  if (left.length === 0) return undefined;
  return `${left.join(", ")} can still create temporary objects in database ${db.d}: only its owner ${db.owner} can revoke TEMP; run as ${db.owner}: ${sql}`;
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

async function extensionAvailable(c: pg.Client, name: string): Promise<boolean> {
  const r = await c.query(`select 1 from pg_catalog.pg_available_extensions where name = $1`, [name]);
  return (r.rowCount ?? 0) > 0;
}

async function extensionInstalled(c: pg.Client, name: string): Promise<boolean> {
  const r = await c.query(`select 1 from pg_catalog.pg_extension where extname = $1`, [name]);
  return (r.rowCount ?? 0) > 0;
}

/** What a person must do where the role may not create the extension itself. */
function enableStep(name: string, supabase: boolean): string {
  const schema = name === "pg_cron" ? "" : name === "pg_net" ? " (schema extensions; it creates schema net)" : " in schema extensions";
  return supabase
    ? `enable the ${name} extension${schema} from the Supabase dashboard (Database → Extensions), then run this again`
    : `create the ${name} extension${schema} as a superuser (or put ROOT_DATABASE_URL on a superuser), then run this again`;
}

/**
 * Creates the extension when missing. Returns false, creating nothing, when this role may not
 * (insufficient privilege: on Supabase an extension the dashboard enables) or it is not available.
 */
async function createExtension(c: pg.Client, name: string, report: BootstrapReport, schemaClause?: string): Promise<boolean> {
  if (await extensionInstalled(c, name)) return true;
  if (!(await extensionAvailable(c, name))) return false;
  // pg_cron is not relocatable; Supabase puts it in pg_catalog (its objects live in schema cron)
  const schema = schemaClause ?? (name === "pg_cron" ? " with schema pg_catalog" : " with schema extensions");
  await c.query(`savepoint create_extension`);
  try {
    await c.query(`create extension if not exists ${quoteIdent(name)}${schema}`);
  } catch (e) {
    await c.query(`rollback to savepoint create_extension`);
    if ((e as { code?: string }).code === "42501") return false;
    throw e;
  }
  report.extensionsCreated.push(name);
  return true;
}

/**
 * Bootstraps the database `rootUrl` points at: a superuser connection on the embedded cluster and
 * plain PostgreSQL; on Supabase the project's `postgres`, which is not a superuser, so nothing here
 * may need one there. Idempotent, and it only creates what is missing. Extensions the role may not
 * create are listed in `dashboardSteps`; one the migrations need stops it with BootstrapError.
 */
export async function bootstrap(rootUrl: string, opts: { pgtap?: boolean; compatFiles?: string[] } = {}): Promise<BootstrapReport> {
  return withClient(rootUrl, async (c) => {
    const supabase = await isSupabase(c);
    const report: BootstrapReport = { supabase, compatApplied: [], extensionsCreated: [], warnings: [] };
    await c.query(`select pg_advisory_lock(hashtext('ssot.bootstrap'))`);
    await c.query("begin");
    try {
      // extensions first: compat files use pgcrypto
      const hasSchema = await c.query(`select 1 from pg_catalog.pg_namespace where nspname = 'extensions'`);
      if (!hasSchema.rowCount) {
        await c.query(`create schema extensions`);
        await c.query(`comment on schema extensions is 'Extensions live here, never in public (as on Supabase).'`);
      }
      const missing: string[] = [];
      for (const ext of REQUIRED_EXTENSIONS) if (!(await createExtension(c, ext, report))) missing.push(ext);
      if (missing.length) {
        throw new BootstrapError(missing.map((m) => (supabase ? enableStep(m, true) : `the ${m} extension is missing: ${enableStep(m, false)}`)).join("\n"));
      }
      for (const file of opts.compatFiles ?? compatFiles()) {
        const sql = fs.readFileSync(file, "utf8");
        // `-- replaces-extension: <name>`: where that extension is available, use it instead
        const replaces = /^-- replaces-extension: (\w+)/m.exec(sql)?.[1];
        if (replaces && (await extensionAvailable(c, replaces))) {
          if (!(await createExtension(c, replaces, report, ""))) report.warnings.push(enableStep(replaces, supabase));
          continue;
        }
        // a Supabase database has every compat piece as Supabase's own (roles, auth, vault), except
        // an extension it does not offer; nothing of db/compat is installed there
        if (supabase) continue;
        await c.query(sql);
        report.compatApplied.push(path.relative(dbDir, file));
      }
      await grantUsageWhereMissing(c, "extensions", ["anon", "authenticated", "service_role"]);
      const cronDb = await c.query(`select current_setting('cron.database_name', true) = current_database() as here`);
      if (cronDb.rows[0].here && !(await createExtension(c, "pg_cron", report))) report.warnings.push(enableStep("pg_cron", supabase));
      if (opts.pgtap && !(await createExtension(c, "pgtap", report))) {
        throw new BootstrapError(`the pgtap extension is missing: ${enableStep("pgtap", supabase)}`);
      }
      const temp = await revokeTemp(c);
      if (temp) report.warnings.push(temp);
      if (!supabase) {
        const db = (await c.query(`select current_database() as d`)).rows[0].d as string;
        await c.query(`alter database ${quoteIdent(db)} set search_path = "$user", public, extensions`);
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

/** GRANT only where the privilege is missing: on Supabase, postgres may not re-grant what the admin granted. */
async function grantUsageWhereMissing(c: pg.Client, schema: string, roles: string[]) {
  for (const role of roles) {
    const r = await c.query(`select pg_catalog.has_schema_privilege($1, $2, 'usage') as has`, [role, schema]);
    if (!r.rows[0].has) await c.query(`grant usage on schema ${quoteIdent(schema)} to ${quoteIdent(role)}`);
  }
}

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}
