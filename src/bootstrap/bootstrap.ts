// The root bootstrap: what must exist before the first migration and cannot be created by the
// migration owner. Extensions live in the `extensions` schema (as on Supabase); the Supabase
// pieces a plain PostgreSQL lacks come from db/compat and are skipped on a real Supabase database.
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { dbDir } from "../cluster/paths.ts";
import { withClient } from "../db/client.ts";

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

/** The roles PostgREST acts as (and logs in as): none of them may create temporary objects. */
export const API_ROLES = ["anon", "authenticated", "service_role", "authenticator"] as const;

/**
 * Runs one GRANT/REVOKE/ALTER ROLE that the connecting role may not be allowed to run: a failure
 * for lack of privilege (and the warning a non-owner's REVOKE gives when it revokes nothing) is
 * swallowed, without aborting the caller's transaction. Callers read the catalog afterwards to see
 * what is left, and say what to run, as whom.
 */
async function execIfAllowed(c: pg.Client, sql: string): Promise<void> {
  await c.query(`set client_min_messages = error`);
  try {
    await c.query(`do $stmt$ begin execute ${c.escapeLiteral(sql)}; exception when insufficient_privilege then null; end $stmt$`);
  } finally {
    await c.query(`reset client_min_messages`);
  }
}

async function existingRoles(c: pg.Client, roles: readonly string[]): Promise<string[]> {
  return (await c.query(`select rolname from pg_catalog.pg_roles where rolname = any ($1::text[]) order by rolname`, [roles])).rows.map((r) => r.rolname as string);
}

/**
 * Revokes TEMP on the current database from PUBLIC and the API roles: a caller who can create
 * temporary objects can shadow the tables and types of any function whose search_path leaves
 * pg_temp implicit. Only the database's owner (or a superuser) can revoke what the owner granted;
 * on Supabase the database may belong to another role than the one connected, and then this
 * returns one line saying what to run, as whom, instead of failing (`ssot check` reports it too).
 */
export async function revokeTemp(c: pg.Client): Promise<string | undefined> {
  const db = (await c.query(`select current_database() as d, pg_catalog.pg_get_userbyid(datdba) as owner from pg_catalog.pg_database where datname = current_database()`)).rows[0] as { d: string; owner: string };
  const roles = await existingRoles(c, API_ROLES);
  const sql = `revoke temporary on database ${quoteIdent(db.d)} from ${["public", ...roles.map(quoteIdent)].join(", ")}`;
  await execIfAllowed(c, sql);
  const left = (await c.query(`select rolname from pg_catalog.pg_roles where rolname = any ($1::text[]) and pg_catalog.has_database_privilege(oid, current_database(), 'temporary') order by rolname`, [roles])).rows.map((r) => r.rolname as string);
  if (left.length === 0) return undefined;
  return `${left.join(", ")} can still create temporary objects in database ${db.d}: only its owner ${db.owner} can revoke TEMP; run as ${db.owner}: ${sql}`;
}

/**
 * The statement_timeout of each API role, as Supabase sets them: anon 3 s, authenticated 8 s,
 * authenticator 8 s (the login role PostgREST connects as). Supabase leaves service_role unset and
 * documents that it then falls back to authenticator's 8 s; it is set to those 8 s explicitly so
 * that the bound holds whoever switches to the role (PostgREST applies the switched-to role's
 * settings per request). advisor.statement_timeout_problems() checks the same list.
 */
export const STATEMENT_TIMEOUTS = { anon: "3s", authenticated: "8s", authenticator: "8s", service_role: "8s" } as const;

/** The API roles of STATEMENT_TIMEOUTS with no non-zero statement_timeout (for all databases or this one). */
async function rolesWithoutTimeout(c: pg.Client): Promise<string[]> {
  const r = await c.query(
    `select r.rolname from pg_catalog.pg_roles r
      where r.rolname = any ($1::text[])
        and not exists (
          select from pg_catalog.pg_db_role_setting s cross join lateral unnest(s.setconfig) x
           where s.setrole = r.oid and x like 'statement\_timeout=%'
             and s.setdatabase in (0, (select d.oid from pg_catalog.pg_database d where d.datname = current_database()))
             and pg_catalog.substr(x, 19) !~ '^\s*0+(\.0*)?\s*(us|ms|s|min|h|d)?\s*$')
      order by r.rolname`,
    [Object.keys(STATEMENT_TIMEOUTS)],
  );
  return r.rows.map((x) => x.rolname as string);
}

/**
 * Sets STATEMENT_TIMEOUTS on the API roles that have none (a value someone chose is kept). On
 * Supabase `postgres` has CREATEROLE and may set a non-superuser role's defaults (PostgreSQL 16 and
 * later also want ADMIN OPTION on the role); where it may not, this returns one line with the
 * statements to run instead. `ssot check` fails while a role has none (statement_timeout).
 */
export async function ensureStatementTimeouts(c: pg.Client): Promise<string | undefined> {
  const missing = await rolesWithoutTimeout(c);
  const stmt = (role: string) => `alter role ${quoteIdent(role)} set statement_timeout = '${STATEMENT_TIMEOUTS[role as keyof typeof STATEMENT_TIMEOUTS]}'`;
  for (const role of missing) await execIfAllowed(c, stmt(role));
  const left = await rolesWithoutTimeout(c);
  if (left.length === 0) return undefined;
  return `${left.join(", ")} ${left.length === 1 ? "has" : "have"} no statement_timeout and this role may not set it: run as a superuser (or a role with CREATEROLE and ADMIN OPTION on ${left.length === 1 ? "it" : "them"}): ${left.map(stmt).join("; ")}`;
}

/** The roles that must not reach the vault except through the audited accessor. */
const VAULT_DENIED = ["anon", "authenticated", "service_role", "authenticator"] as const;

/** What API roles may still do on schema vault: one entry per object, with who granted it. */
async function vaultAccessLeft(c: pg.Client, roles: string[]) {
  const r = await c.query(
    `with objs as (
       select 'table' as kind, format('%I.%I', n.nspname, k.relname) as fq, k.oid, k.relacl as acl, k.relowner as owner
         from pg_catalog.pg_class k join pg_catalog.pg_namespace n on n.oid = k.relnamespace
        where n.nspname = 'vault' and k.relkind in ('r', 'p', 'v', 'm', 'f')
       union all
       select 'function', p.oid::regprocedure::text, p.oid, p.proacl, p.proowner
         from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'vault' and p.prokind in ('f', 'p'))
     select o.kind, o.fq,
            array(select r.rolname from pg_catalog.pg_roles r
                   where r.rolname = any ($1::text[])
                     and case o.kind when 'table' then pg_catalog.has_table_privilege(r.oid, o.oid, 'select, insert, update, delete, truncate, references, trigger')
                                     else pg_catalog.has_function_privilege(r.oid, o.oid, 'execute') end
                   order by r.rolname)::text[] as roles,
            coalesce((select string_agg(distinct pg_catalog.pg_get_userbyid(a.grantor), ', ')
                        from pg_catalog.aclexplode(o.acl) a where a.grantee = 0 or a.grantee in (select oid from pg_catalog.pg_roles where rolname = any ($1::text[]))),
                     pg_catalog.pg_get_userbyid(o.owner)) as grantor
       from objs o
      order by o.kind desc, o.fq collate "C"`,
    [roles],
  );
  return (r.rows as { kind: "table" | "function"; fq: string; roles: string[]; grantor: string }[]).filter((x) => x.roles.length > 0);
}

/**
 * Takes the vault away from the API roles: no USAGE on schema vault, no privilege on its tables
 * and views (vault.decrypted_secrets gives every plaintext; writes to vault.secrets change secrets
 * with no log or rotation row), no EXECUTE on its functions (_decrypt, create_secret …), for PUBLIC
 * neither. The audited accessor and the project's SECURITY DEFINER readers (owned by the migration
 * owner) are then the only way to a secret. A role can revoke only the grants it made (a
 * superuser's count as the owner's): on Supabase, supabase_admin granted service_role the vault
 * (supabase_vault's after-create script), which `postgres` cannot revoke; then this returns one line
 * with what is left and the statements to run as that role. `ssot check` fails while any is left
 * (vault_direct_access).
 */
export async function revokeVaultAccess(c: pg.Client, supabase: boolean): Promise<string | undefined> {
  const hasVault = await c.query(`select 1 from pg_catalog.pg_namespace where nspname = 'vault'`);
  if (!hasVault.rowCount) return undefined;
  const roles = await existingRoles(c, VAULT_DENIED);
  if (roles.length === 0) return undefined;
  const who = roles.map(quoteIdent).join(", ");
  const rels = (await c.query(`select format('%I.%I', n.nspname, k.relname) as fq from pg_catalog.pg_class k join pg_catalog.pg_namespace n on n.oid = k.relnamespace where n.nspname = 'vault' and k.relkind in ('r', 'p', 'v', 'm', 'f') order by k.relname collate "C"`)).rows.map((r) => r.fq as string);
  const funcs = (await c.query(`select p.oid::regprocedure::text as fq from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'vault' and p.prokind in ('f', 'p') order by 1`)).rows.map((r) => r.fq as string);
  await execIfAllowed(c, `revoke usage on schema vault from ${who}`);
  for (const t of rels) await execIfAllowed(c, `revoke all on table ${t} from public, ${who}`);
  for (const f of funcs) await execIfAllowed(c, `revoke all on function ${f} from public, ${who}`);
  const left = await vaultAccessLeft(c, roles);
  if (left.length === 0) return undefined;
  const grantors = [...new Set(left.map((l) => l.grantor))].join(", ");
  const leftRoles = [...new Set(left.flatMap((l) => l.roles))].sort();
  const stmts = (["table", "function"] as const)
    .map((kind) => left.filter((l) => l.kind === kind))
    .filter((ls) => ls.length > 0)
    .map((ls) => `revoke all on ${ls[0]!.kind} ${ls.map((l) => l.fq).join(", ")} from public, ${leftRoles.map(quoteIdent).join(", ")}`);
  return `${leftRoles.join(", ")} can still use the vault directly (${left.map((l) => l.fq).join(", ")}), bypassing the audited accessor: only ${grantors}, which granted it, can revoke it; run as ${grantors}${supabase ? " (on Supabase: ask support)" : ""}: ${stmts.join("; ")}`;
}

/** pg_catalog views and functions that give every role row counts and write rates of every table. */
const STATS_OBJECTS_SQL = `
  select * from (
  select 'table' as kind, format('pg_catalog.%I', c.relname) as fq, c.oid
    from pg_catalog.pg_class c
   where c.relnamespace = 'pg_catalog'::regnamespace and c.relkind = 'v'
     and (c.relname ~ '^pg_stat(io)?_(xact_)?(all|user|sys)_(tables|indexes|sequences)$'
          or c.relname in ('pg_stat_user_functions', 'pg_stat_xact_user_functions'))
  union all
  select 'function', p.oid::regprocedure::text, p.oid
    from pg_catalog.pg_proc p
   where p.pronamespace = 'pg_catalog'::regnamespace
     and ((p.proname like 'pg\_stat\_get\_%' and p.pronargs = 1 and p.proargtypes[0] = 'oid'::regtype
           and p.proname not like 'pg\_stat\_get\_db\_%' and p.proname not like 'pg\_stat\_get\_subscription%')
          or p.proname in ('lo_create', 'lo_creat', 'lo_from_bytea', 'lo_import'))
  ) o order by kind desc, fq collate "C"`;

/**
 * Revokes from PUBLIC what the API roles need not see or do in pg_catalog: the per-table, per-index
 * and per-function statistics (pg_stat_user_tables and its kin, the pg_stat_get_*(oid) counters
 * behind them: row counts and write rates of every table, whatever RLS hides) and creating large
 * objects (lo_create, lo_creat, lo_from_bytea, lo_import: storage outside any table, RLS or quota).
 * The statistics stay readable by pg_monitor (and so by monitoring roles and, on Supabase, by
 * `postgres`). Only pg_catalog's owner (the bootstrap superuser) can revoke these: on Supabase that
 * is supabase_admin, so there this returns one line with what is left and the statements; the
 * doctor reports it (catalog_exposure).
 */
export async function revokeCatalogExposure(c: pg.Client, supabase: boolean): Promise<string | undefined> {
  const objs = (await c.query(STATS_OBJECTS_SQL)).rows as { kind: "table" | "function"; fq: string }[];
  const stats = (kind: string) => objs.filter((o) => o.kind === kind && !/^pg_catalog\.lo_|^lo_/.test(o.fq)).map((o) => o.fq);
  const lo = objs.filter((o) => /^(pg_catalog\.)?lo_/.test(o.fq)).map((o) => o.fq);
  const statements: string[] = [];
  if (stats("table").length) statements.push(`revoke select on ${stats("table").join(", ")} from public`);
  if (stats("function").length) statements.push(`revoke execute on function ${stats("function").join(", ")} from public`);
  if (lo.length) statements.push(`revoke execute on function ${lo.join(", ")} from public`);
  for (const s of statements) await execIfAllowed(c, s);
  const hasMonitor = (await c.query(`select 1 from pg_catalog.pg_roles where rolname = 'pg_monitor'`)).rowCount;
  if (hasMonitor) {
    if (stats("table").length) await execIfAllowed(c, `grant select on ${stats("table").join(", ")} to pg_monitor`);
    if (stats("function").length) await execIfAllowed(c, `grant execute on function ${stats("function").join(", ")} to pg_monitor`);
  }
  const roles = await existingRoles(c, ["anon", "authenticated", "service_role"]);
  const left = (await c.query(
    `with o as (${STATS_OBJECTS_SQL})
     select o.fq, case when o.fq ~ '^(pg_catalog\.)?lo_' then 'lo' else 'stats' end as what
       from o where exists (select from pg_catalog.pg_roles r where r.rolname = any ($1::text[])
                            and case o.kind when 'table' then pg_catalog.has_table_privilege(r.oid, o.oid, 'select')
                                            else pg_catalog.has_function_privilege(r.oid, o.oid, 'execute') end)`,
    [roles],
  )).rows as { fq: string; what: string }[];
  if (left.length === 0) return undefined;
  const owner = (await c.query(`select pg_catalog.pg_get_userbyid(nspowner) as o from pg_catalog.pg_namespace where nspname = 'pg_catalog'`)).rows[0].o as string;
  const nStats = left.filter((l) => l.what === "stats").length;
  const los = left.filter((l) => l.what === "lo").map((l) => l.fq);
  const parts = [nStats ? `read table statistics (${nStats} views and counters, such as pg_catalog.pg_stat_user_tables)` : "", los.length ? `create large objects (${los.join(", ")})` : ""].filter(Boolean);
  return `${roles.join(", ")} can still ${parts.join(" and ")} through PUBLIC: only the owner of pg_catalog, ${owner}, can revoke that; run as ${owner}${supabase ? " (on Supabase: ask support)" : ""}: ${statements.join("; ")}`;
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
      for (const step of [() => ensureStatementTimeouts(c), () => revokeVaultAccess(c, supabase), () => revokeCatalogExposure(c, supabase)]) {
        const w = await step();
        if (w) report.warnings.push(w);
      }
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
