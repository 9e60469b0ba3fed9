// Privilege statements the connecting role may not be allowed to run (on Supabase `postgres` is not
// a superuser), and the small catalog reads around them: the bootstrap's hardening steps run each
// statement, then read the catalog to see what is left and say what to run, as whom.
import { escapeIdentifier } from "pg";
import type pg from "pg";

/** The roles PostgREST acts as (and logs in as): none of them may create temporary objects. */
export const API_ROLES = ["anon", "authenticated", "service_role", "authenticator"] as const;

/**
 * Runs one GRANT/REVOKE/ALTER ROLE that the connecting role may not be allowed to run: a failure
 * for lack of privilege (and the warning a non-owner's REVOKE gives when it revokes nothing) is
 * swallowed, without aborting the caller's transaction. Callers read the catalog afterwards to see
 * what is left, and say what to run, as whom.
 */
export async function execIfAllowed(c: pg.Client, sql: string): Promise<void> {
  await c.query(`set client_min_messages = error`);
  try {
    await c.query(`do $stmt$ begin execute ${c.escapeLiteral(sql)}; exception when insufficient_privilege then null; end $stmt$`);
  } finally {
    await c.query(`reset client_min_messages`);
  }
}

export async function existingRoles(c: pg.Client, roles: readonly string[]): Promise<string[]> {
  return (await c.query(`select rolname from pg_catalog.pg_roles where rolname = any ($1::text[]) order by rolname`, [roles])).rows.map((r) => r.rolname as string);
}

/** GRANT only where the privilege is missing: on Supabase, postgres may not re-grant what the admin granted. */
export async function grantUsageWhereMissing(c: pg.Client, schema: string, roles: string[]) {
  for (const role of roles) {
    const r = await c.query(`select pg_catalog.has_schema_privilege($1, $2, 'usage') as has`, [role, schema]);
    if (!r.rows[0].has) await c.query(`grant usage on schema ${escapeIdentifier(schema)} to ${escapeIdentifier(role)}`);
  }
}

