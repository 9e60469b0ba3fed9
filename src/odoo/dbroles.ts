// `ssot odoo-db provision`: applies db/odoo-db/roles.sql to an Odoo database and reports the
// changes it made (the NOTICEs starting with "change:"). A second run reports none.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { dbDir } from "../cluster/paths.ts";

export const ODOO_ROLES_SQL = path.join(dbDir, "odoo-db", "roles.sql");

export interface ProvisionReport {
  database: string;
  changes: string[];
}

export async function provisionOdooDb(url: string, opts: { supersetTimeout?: string } = {}): Promise<ProvisionReport> {
  const c = new pg.Client({ connectionString: url, application_name: "ssot odoo-db provision" });
  const changes: string[] = [];
  c.on("notice", (n) => {
    if (n.message?.startsWith("change: ")) changes.push(n.message.slice(8));
  });
  await c.connect();
  try {
    await c.query("begin");
    await c.query(`select set_config('ssot.superset_timeout', $1, true)`, [opts.supersetTimeout ?? "30s"]);
    await c.query(fs.readFileSync(ODOO_ROLES_SQL, "utf8"));
    await c.query("commit");
    const db = (await c.query(`select current_database() as d`)).rows[0].d as string;
    return { database: db, changes };
  } catch (e) {
    await c.query("rollback").catch(() => {});
    throw e;
  } finally {
    await c.end().catch(() => {});
  }
}
