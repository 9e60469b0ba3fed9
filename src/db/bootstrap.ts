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
  /** What the bootstrap could not do and a person must, one line each (printed by the CLI). */
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
  // a non-owner's REVOKE warns "no privileges could be revoked" (or fails when it holds no privilege)
  await c.query(`set client_min_messages = error`);
  try {
    await c.query(sql);
  } catch (e) {
    if ((e as { code?: string }).code !== "42501") throw e;
  } finally {
    await c.query(`reset client_min_messages`);
  }
  const left = (await c.query(`select rolname from pg_catalog.pg_roles where rolname = any ($1::text[]) and pg_catalog.has_database_privilege(oid, current_database(), 'temporary') order by rolname`, [roles])).rows.map((r) => r.rolname as string);
  if (left.length === 0) return undefined;
  return `bootstrap: ${left.join(", ")} can still create temporary objects in database ${db.d}: only its owner ${db.owner} can revoke TEMP; run as ${db.owner}: ${sql}`;
}

export const REQUIRED_EXTENSIONS = ["pgcrypto", "pg_trgm", "vector"] as const;

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

async function createExtension(c: pg.Client, name: string, created: string[], schemaClause?: string) {
  const has = await c.query(`select 1 from pg_catalog.pg_extension where extname = $1`, [name]);
  if (has.rowCount) return;
  // pg_cron is not relocatable; Supabase puts it in pg_catalog (its objects live in schema cron)
  const schema = schemaClause ?? (name === "pg_cron" ? " with schema pg_catalog" : " with schema extensions");
  await c.query(`create extension if not exists ${name}${schema}`);
  created.push(name);
}

/**
 * Bootstraps the database `rootUrl` points at (a superuser connection to that database).
 * Idempotent, and it only creates what is missing.
 */
export async function bootstrap(rootUrl: string, opts: { pgtap?: boolean; compatFiles?: string[] } = {}): Promise<BootstrapReport> {
  return withClient(rootUrl, async (c) => {
    const report: BootstrapReport = { supabase: await isSupabase(c), compatApplied: [], extensionsCreated: [], warnings: [] };
    await c.query(`select pg_advisory_lock(hashtext('ssot.bootstrap'))`);
    try {
      // extensions first: compat files use pgcrypto
      await c.query(`create schema if not exists extensions`);
      await c.query(`comment on schema extensions is 'Extensions live here, never in public (as on Supabase).'`);
      for (const ext of REQUIRED_EXTENSIONS) await createExtension(c, ext, report.extensionsCreated);
      if (!report.supabase) {
        for (const file of opts.compatFiles ?? compatFiles()) {
          const sql = fs.readFileSync(file, "utf8");
          // `-- replaces-extension: <name>`: where that extension is available, use it instead
          const replaces = /^-- replaces-extension: (\w+)/m.exec(sql)?.[1];
          if (replaces && (await extensionAvailable(c, replaces))) {
            await createExtension(c, replaces, report.extensionsCreated, "");
            continue;
          }
          await c.query(sql);
          report.compatApplied.push(path.relative(dbDir, file));
        }
      }
      await c.query(`grant usage on schema extensions to anon, authenticated, service_role`);
      const cronDb = await c.query(`select current_setting('cron.database_name', true) = current_database() as here`);
      if (cronDb.rows[0].here) await createExtension(c, "pg_cron", report.extensionsCreated);
      if (opts.pgtap) await createExtension(c, "pgtap", report.extensionsCreated);
      const temp = await revokeTemp(c);
      if (temp) report.warnings.push(temp);
      if (!report.supabase) {
        const db = (await c.query(`select current_database() as d`)).rows[0].d as string;
        await c.query(`alter database ${quoteIdent(db)} set search_path = "$user", public, extensions`);
      }
    } finally {
      await c.query(`select pg_advisory_unlock(hashtext('ssot.bootstrap'))`);
    }
    return report;
  });
}

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}
