// `ssot odoo shadow`: pull Odoo's projects and tasks that carry an x_external_ref (archived ones
// included) into odoo_seed.shadow_projects / shadow_tasks, in one transaction. A full pull is
// authoritative: shadows of records Odoo no longer has are removed. Logins of managers and
// assignees are resolved through res.users, tag names through project.tags. One sync_runs row.
import type pg from "pg";
import { z } from "zod";
import { OdooClient, odooValue } from "./client.ts";
import { resolveInstance } from "./instances.ts";

const projectRow = z.object({
  id: z.number().int(), name: z.string(), x_external_ref: odooValue.char, company_id: odooValue.m2o, user_id: odooValue.m2o,
  active: z.boolean(), write_date: z.union([z.string(), z.literal(false)]),
});
const taskRow = z.object({
  id: z.number().int(), name: z.string(), x_external_ref: odooValue.char, project_id: odooValue.m2o, stage_id: odooValue.m2o,
  user_ids: odooValue.ids, depend_on_ids: odooValue.ids, tag_ids: odooValue.ids, active: z.boolean(),
  write_date: z.union([z.string(), z.literal(false)]),
});

export interface ShadowReport {
  run_id: string;
  projects: number;
  tasks: number;
  removed: number;
}

export async function pullShadow(db: pg.Client, odoo: OdooClient, opts: { instance?: string } = {}): Promise<ShadowReport> {
  const inst = await resolveInstance(db, odoo.opts, opts.instance);
  const run = await db.query(`insert into odoo_seed.sync_runs (kind, odoo_url, odoo_db) values ('shadow', $1, $2) returning id`, [odoo.opts.url, odoo.opts.db]);
  const runId = run.rows[0].id as string;
  try {
    const ctx = { context: { active_test: false } };
    const projects = await odoo.searchRead("project.project", [["x_external_ref", "!=", false]],
      ["id", "name", "x_external_ref", "company_id", "user_id", "active", "write_date"], projectRow, ctx);
    const tasks = await odoo.searchRead("project.task", [["x_external_ref", "!=", false]],
      ["id", "name", "x_external_ref", "project_id", "stage_id", "user_ids", "depend_on_ids", "tag_ids", "active", "write_date"], taskRow, ctx);
    const userIds = [...new Set([...projects.flatMap((p) => (p.user_id ? [p.user_id[0]] : [])), ...tasks.flatMap((t) => t.user_ids)])];
    const logins = new Map(
      (await odoo.searchRead("res.users", [["id", "in", userIds]], ["id", "login"], z.object({ id: z.number().int(), login: z.string() }), ctx)).map((u) => [u.id, u.login]),
    );
    const tagIds = [...new Set(tasks.flatMap((t) => t.tag_ids))];
    const tagNames = new Map(
      (await odoo.searchRead("project.tags", [["id", "in", tagIds]], ["id", "name"], z.object({ id: z.number().int(), name: z.string() }))).map((t) => [t.id, t.name]),
    );
    const login = (id: number) => logins.get(id) ?? `#${id}`;

    await db.query("begin");
    try {
      const p = await db.query(
        `with src as (select * from jsonb_to_recordset($1::jsonb) as x (odoo_id int, external_ref text, name text, company_name text, manager_login text, active boolean, raw jsonb)),
              up as (insert into odoo_seed.shadow_projects as t (odoo_id, external_ref, name, company_name, manager_login, active, raw, synced_at)
                     select odoo_id, external_ref, name, company_name, manager_login, active, raw, now() from src
                     on conflict (odoo_id) do update set external_ref = excluded.external_ref, name = excluded.name, company_name = excluded.company_name,
                       manager_login = excluded.manager_login, active = excluded.active, raw = excluded.raw, synced_at = excluded.synced_at
                     returning 1)
         select (select count(*) from up) as n`,
        [JSON.stringify(projects.map((x) => ({
          odoo_id: x.id, external_ref: x.x_external_ref, name: x.name, company_name: x.company_id ? x.company_id[1] : null,
          manager_login: x.user_id ? login(x.user_id[0]) : null, active: x.active, raw: x,
        })))],
      );
      const t = await db.query(
        `with src as (select * from jsonb_to_recordset($1::jsonb) as x (odoo_id int, external_ref text, project_odoo_id int, name text, stage_name text,
                        assignee_logins text[], depend_on_ids int[], tag_names text[], active boolean, raw jsonb)),
              up as (insert into odoo_seed.shadow_tasks as t (odoo_id, external_ref, project_odoo_id, name, stage_name, assignee_logins, depend_on_ids, tag_names, active, raw, synced_at)
                     select odoo_id, external_ref, project_odoo_id, name, stage_name, assignee_logins, depend_on_ids, tag_names, active, raw, now() from src
                     on conflict (odoo_id) do update set external_ref = excluded.external_ref, project_odoo_id = excluded.project_odoo_id, name = excluded.name,
                       stage_name = excluded.stage_name, assignee_logins = excluded.assignee_logins, depend_on_ids = excluded.depend_on_ids,
                       tag_names = excluded.tag_names, active = excluded.active, raw = excluded.raw, synced_at = excluded.synced_at
                     returning 1)
         select (select count(*) from up) as n`,
        [JSON.stringify(tasks.map((x) => ({
          odoo_id: x.id, external_ref: x.x_external_ref, project_odoo_id: x.project_id ? x.project_id[0] : null, name: x.name,
          stage_name: x.stage_id ? x.stage_id[1] : null, assignee_logins: x.user_ids.map(login).sort(),
          depend_on_ids: [...x.depend_on_ids].sort((a, b) => a - b), tag_names: x.tag_ids.map((i) => tagNames.get(i) ?? `#${i}`).sort(),
          active: x.active, raw: x,
        })))],
      );
      const removed =
        (await db.query(`delete from odoo_seed.shadow_projects where odoo_id <> all($1::int[])`, [projects.map((x) => x.id)])).rowCount! +
        (await db.query(`delete from odoo_seed.shadow_tasks where odoo_id <> all($1::int[])`, [tasks.map((x) => x.id)])).rowCount!;
      if (inst) {
        for (const [model, rows] of [["project.project", projects], ["project.task", tasks]] as const) {
          const latest = rows.map((r) => r.write_date).filter((d): d is string => !!d).sort().at(-1) ?? null;
          const lastId = rows.map((r) => r.id).sort((a, b) => a - b).at(-1) ?? null;
          await db.query(
            `insert into odoo.sync_cursors (instance_id, model, last_write_date, last_id, last_synced_at)
             values ($1, $2, ($3::text || '+00')::timestamptz, $4, now())
             on conflict (instance_id, model) do update set last_write_date = excluded.last_write_date, last_id = excluded.last_id, last_synced_at = now()`,
            [inst, model, latest, lastId],
          );
          for (const r of rows) if (r.x_external_ref) await db.query(`select odoo.map_entity($1, $2, $3, $4)`, [inst, model, r.id, r.x_external_ref]);
        }
        for (const [id, l] of logins) await db.query(`select odoo.map_entity($1, 'res.users', $2, $3)`, [inst, id, l]);
      }
      const report = { run_id: runId, projects: Number(p.rows[0].n), tasks: Number(t.rows[0].n), removed };
      await db.query(`update odoo_seed.sync_runs set finished_at = now(), status = 'success', counts = $2 where id = $1`, [runId, JSON.stringify(report)]);
      await db.query("commit");
      return report;
    } catch (e) {
      await db.query("rollback");
      throw e;
    }
  } catch (e) {
    await db.query(`update odoo_seed.sync_runs set finished_at = now(), status = 'failed', error = $2 where id = $1`, [runId, (e as Error).message]);
    throw e;
  }
}

export interface DriftRow {
  entity: string;
  kind: string;
  external_ref: string;
  odoo_id: number | null;
  expected: string | null;
  actual: string | null;
}

export async function readDrift(db: pg.Client): Promise<DriftRow[]> {
  const r = await db.query(`select entity, kind, external_ref, odoo_id, expected, actual from odoo_seed.drift order by entity, external_ref, kind`);
  return r.rows as DriftRow[];
}
