// The Odoo database's roles (odoo_app, superset_ro, and doadmin where a test plants it) are
// cluster-wide, and the test files that create, change and drop them run in parallel: each such file
// holds this advisory lock (on the test cluster's maintenance database) from its first to its last
// test, so they take turns.
import pg from "pg";

const LOCK_KEY = "ssot tests: the Odoo database roles";

/** Waits for the lock and returns its release (closing the session releases it too). */
export async function lockOdooRoles(rootUrl: string): Promise<() => Promise<void>> {
  const c = new pg.Client({ connectionString: rootUrl, application_name: "ssot tests (odoo roles lock)" });
  await c.connect();
  await c.query(`select pg_advisory_lock(hashtext($1))`, [LOCK_KEY]);
  return () => c.end();
}

/** Drops the roles (after the databases they hold privileges in are gone), each only if it exists. */
export async function dropRoles(rootUrl: string, roles: string[]) {
  const c = new pg.Client({ connectionString: rootUrl });
  await c.connect();
  try {
    for (const r of roles) await c.query(`drop role if exists ${pg.escapeIdentifier(r)}`);
  } finally {
    await c.end();
  }
}
