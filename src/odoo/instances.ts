// Which odoo.instances row a push or pull belongs to (for entity mappings and sync cursors):
// the one named with --instance, else the one whose base_url and database match ODOO_URL/ODOO_DB.
import type pg from "pg";

export class InstanceError extends Error {}

export async function resolveInstance(db: pg.Client, conn: { url: string; db: string }, slug?: string): Promise<string | undefined> {
  if (slug) {
    const r = await db.query(`select id from odoo.instances where slug = $1`, [slug]);
    if (!r.rowCount) throw new InstanceError(`--instance ${slug}: no such row in odoo.instances (see db/seeds/40_odoo_instances.yaml)`);
    return r.rows[0].id as string;
  }
  const r = await db.query(
    `select id from odoo.instances where rtrim(base_url, '/') = rtrim($1, '/') and database = $2 order by slug limit 1`,
    [conn.url, conn.db],
  );
  return r.rows[0]?.id as string | undefined;
}
