// Which odoo.instances rows a push or pull works on, and where each is reached. Shadows, mappings,
// cursors, written-back ids and drift are per instance. A command names one with --instance;
// without it, it works over every active instance in turn. Each instance is reached at its own
// base_url and database; ODOO_URL / ODOO_DB override them only when set.
import type pg from "pg";
import type { OdooConfig, OdooEnv } from "./config.ts";

export class InstanceError extends Error {}

export interface InstanceTarget {
  id: string;
  slug: string;
  /** The connection to this instance's Odoo: its base_url and database unless the environment overrides them. */
  conn: OdooConfig;
}

/** The instance named by slug (active or not), or every active one; each with its connection. */
export async function instanceTargets(db: pg.Client, env: OdooEnv, slug?: string): Promise<InstanceTarget[]> {
  const r = await db.query(
    `select id, slug, base_url, database from odoo.instances where ($1::text is null and active) or slug = $1 order by slug`,
    [slug ?? null],
  );
  if (slug && !r.rowCount) throw new InstanceError(`--instance ${slug}: no such row in odoo.instances (see db/seeds/40_odoo_instances.yaml)`);
  if (!r.rowCount) throw new InstanceError(`no active row in odoo.instances (see db/seeds/40_odoo_instances.yaml)`);
  return r.rows.map((row) => {
    const url = env.url ?? (row.base_url as string | null);
    const database = env.db ?? (row.database as string | null);
    if (!url) throw new InstanceError(`instance ${row.slug} has no base_url and ODOO_URL is not set: set odoo.instances.base_url (db/seeds/40_odoo_instances.yaml) or ODOO_URL`);
    if (!database) throw new InstanceError(`instance ${row.slug} has no database and ODOO_DB is not set: set odoo.instances.database (db/seeds/40_odoo_instances.yaml) or ODOO_DB`);
    return { id: row.id as string, slug: row.slug as string, conn: { ...env, url, db: database } };
  });
}

/** The id of the instance named by slug, else of the one whose base_url and database are the client's. */
export async function resolveInstance(db: pg.Client, conn: { url: string; db: string }, slug?: string): Promise<string> {
  if (slug) {
    const r = await db.query(`select id from odoo.instances where slug = $1`, [slug]);
    if (!r.rowCount) throw new InstanceError(`--instance ${slug}: no such row in odoo.instances (see db/seeds/40_odoo_instances.yaml)`);
    return r.rows[0].id as string;
  }
  const r = await db.query(
    `select id from odoo.instances where rtrim(base_url, '/') = rtrim($1, '/') and database = $2 order by slug`,
    [conn.url, conn.db],
  );
  if (r.rowCount !== 1)
    throw new InstanceError(`${r.rowCount ? "several rows" : "no row"} of odoo.instances ha${r.rowCount ? "ve" : "s"} base_url ${conn.url} and database ${conn.db}: name one with --instance`);
  return r.rows[0].id as string;
}
