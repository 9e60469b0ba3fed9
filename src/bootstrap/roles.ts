// Hardening of the API roles: no TEMP on the database, a statement_timeout on each.
import { escapeIdentifier } from "pg";
import type pg from "pg";
import { API_ROLES, execIfAllowed, existingRoles } from "./privileges.ts";

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
  const sql = `revoke temporary on database ${escapeIdentifier(db.d)} from ${["public", ...roles.map((r) => escapeIdentifier(r))].join(", ")}`;
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
  const stmt = (role: string) => `alter role ${escapeIdentifier(role)} set statement_timeout = '${STATEMENT_TIMEOUTS[role as keyof typeof STATEMENT_TIMEOUTS]}'`;
  for (const role of missing) await execIfAllowed(c, stmt(role));
  const left = await rolesWithoutTimeout(c);
  if (left.length === 0) return undefined;
  return `${left.join(", ")} ${left.length === 1 ? "has" : "have"} no statement_timeout and this role may not set it: run as a superuser (or a role with CREATEROLE and ADMIN OPTION on ${left.length === 1 ? "it" : "them"}): ${left.map(stmt).join("; ")}`;
}

