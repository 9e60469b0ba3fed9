// Routes of processed Odoo events to n8n (odoo.event_routes): list them, and turn one on or off.
import type pg from "pg";

export interface Route {
  id: number;
  instance: string;
  model: string;
  event_type: string;
  n8n_path: string;
  active: boolean;
  description: string | null;
  queued_24h: number;
}

export class RouteError extends Error {}

export async function listRoutes(c: pg.Client): Promise<Route[]> {
  const r = await c.query(
    `select r.id::int, coalesce(r.instance_slug, '*') as instance, r.model, r.event_type, r.n8n_path, r.active, r.description,
            (select count(*)::int from ops.outbox o
              where o.idempotency_key like '%/route/' || r.id and o.created_at > now() - interval '1 day') as queued_24h
       from odoo.event_routes r order by r.id`,
  );
  return r.rows as Route[];
}

export async function setRouteActive(c: pg.Client, id: number, active: boolean): Promise<Route> {
  const r = await c.query(`update odoo.event_routes set active = $2 where id = $1 returning id`, [id, active]);
  if (!r.rowCount) {
    const known = (await listRoutes(c)).map((x) => x.id).join(", ") || "none";
    throw new RouteError(`no route ${id} in odoo.event_routes (routes: ${known})`);
  }
  return (await listRoutes(c)).find((x) => x.id === id)!;
}
