// `ssot odoo shadow`: pull one instance's Odoo projects and tasks that carry an x_external_ref
// (archived ones included) into that instance's odoo_seed.shadow_projects / shadow_tasks, in one
// transaction. Incremental by odoo.sync_cursors: only records written since the newest write_date
// pulled (Odoo keeps seconds: the cursor's second is read again while a write in it could have
// followed the read, so none is missed; see domain() below); a full
// pull (the first, --full, or once the last full pull is older than fullEveryMs) reads everything
// and is the one that removes shadows of records deleted in Odoo. Every record goes
// through odoo.project_record, the same SQL function the webhook handler calls, as a complete
// record. A full pull is authoritative: shadows of records Odoo no longer has are removed (through
// the same function). Logins of managers and assignees and tag names are recorded as the
// instance's entity mappings (res.users, project.tags) first, which the projection resolves ids
// through. Records apply in Odoo's order: one whose write_date is older than the state held (a
// webhook projected a newer one meanwhile) is counted as stale and left. One sync_runs row.
import type pg from "pg";
import { z } from "zod";
import { OdooClient, odooValue } from "./client.ts";
import { resolveInstance } from "./instances.ts";

const PROJECT_FIELDS = ["id", "name", "x_external_ref", "company_id", "user_id", "active", "write_date"];
const TASK_FIELDS = ["id", "name", "x_external_ref", "project_id", "stage_id", "user_ids", "depend_on_ids", "tag_ids", "active", "write_date"];
// validated as Odoo's read() answers them, and passed on unchanged (false stays false)
const char = z.union([z.string(), z.literal(false)]);
const projectRow = z.object({
  id: z.number().int(), name: z.string(), x_external_ref: char, company_id: odooValue.m2o, user_id: odooValue.m2o, active: z.boolean(), write_date: char,
});
const taskRow = z.object({
  id: z.number().int(), name: z.string(), x_external_ref: char, project_id: odooValue.m2o, stage_id: odooValue.m2o,
  user_ids: odooValue.ids, depend_on_ids: odooValue.ids, tag_ids: odooValue.ids, active: z.boolean(), write_date: char,
});

export interface ShadowReport {
  run_id: string;
  /** full: every record, deletions detected; incremental: records written since the cursor. */
  mode: "full" | "incremental";
  projects: number;
  tasks: number;
  /** Records older than the state a webhook had already projected (not applied). */
  stale: number;
  removed: number;
}

export interface PullOptions {
  instance?: string;
  /** Pull every record (and remove the shadows of records gone from Odoo) whatever the cursors say. */
  full?: boolean;
  /** A pull is full when the last full pull of a model is older than this (default 24 h). */
  fullEveryMs?: number;
}

type Cursor = { model: string; since: string | null; full_due: boolean | null; held: number[] | null };

/** Each model's cursor: its write_date (UTC, seconds), whether a full pull is due, and the records held at that second. */
async function readCursors(db: pg.Client, inst: string, fullEveryMs: number): Promise<Cursor[]> {
  const r = await db.query(
    `select m.model, to_char(c.last_write_date at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as since,
            c.last_full_at is null or c.last_full_at < now() - make_interval(secs => $2::float8 / 1000) as full_due,
            case when c.last_synced_at >= c.last_write_date + interval '2 seconds' then
              coalesce((select array_agg(v.odoo_id order by v.odoo_id) from odoo.record_versions v
                         where v.instance_id = $1 and v.model = m.model and v.version = c.last_write_date and not v.deleted), '{}') end as held
       from unnest(array['project.project', 'project.task']) m (model)
       left join odoo.sync_cursors c on c.instance_id = $1 and c.model = m.model`,
    [inst, fullEveryMs]);
  return r.rows as Cursor[];
}

/** Moves a model's cursor past what this pull read (and marks a full pull). */
async function advanceCursor(db: pg.Client, inst: string, model: string, rows: { id: number; write_date?: unknown }[], full: boolean, readStartedAt: Date) {
  const latest = rows.map((r) => r.write_date).filter((d): d is string => typeof d === "string").sort().at(-1) ?? null;
  const lastId = rows.map((r) => r.id).sort((a, b) => a - b).at(-1) ?? null;
  await db.query(
    `insert into odoo.sync_cursors as c (instance_id, model, last_write_date, last_id, last_synced_at, last_full_at)
     values ($1, $2, ($3::text || '+00')::timestamptz, $4, $6, case when $5 then now() end)
     on conflict (instance_id, model) do update set
       last_write_date = case when $5 then excluded.last_write_date else greatest(c.last_write_date, excluded.last_write_date) end,
       last_id = coalesce(excluded.last_id, c.last_id),
       -- when this read began (it saw every write of the cursor's second made before): decides
       -- whether the next pull reads that second again
       last_synced_at = excluded.last_synced_at,
       last_full_at = case when $5 then now() else c.last_full_at end`,
    [inst, model, latest, lastId, full, readStartedAt],
  );
}

export async function pullShadow(db: pg.Client, odoo: OdooClient, opts: PullOptions = {}): Promise<ShadowReport> {
  const inst = await resolveInstance(db, odoo.opts, opts.instance);
  // the cursors: write_date as Odoo writes it (UTC, seconds), the records already held at exactly
  // that second (odoo.record_versions), and whether a full pull is due
  const cursors = await readCursors(db, inst, opts.fullEveryMs ?? 24 * 3600 * 1000);
  const full = !!opts.full || cursors.some((c) => c.since === null || c.full_due !== false);
  // incremental (Odoo keeps seconds): when the last read began within the cursor's second (or less
  // than 2 s after it, a margin for the two clocks), that second is read again whole, since a record
  // may have been written in it after the read; once the read began later, every write of that
  // second was visible to it, and only records not already held at that version are read.
  const domain = (model: string) => {
    const c = cursors.find((x) => x.model === model)!;
    if (full || !c.since) return [["x_external_ref", "!=", false]];
    if (!c.held) return [["x_external_ref", "!=", false], ["write_date", ">=", c.since]];
    return [["x_external_ref", "!=", false], "|", ["write_date", ">", c.since], "&", ["write_date", "=", c.since], ["id", "not in", c.held]];
  };
  const readStartedAt = new Date();
  const run = await db.query(`insert into odoo_seed.sync_runs (kind, odoo_url, odoo_db, instance_id) values ('shadow', $1, $2, $3) returning id`, [odoo.opts.url, odoo.opts.db, inst]);
  const runId = run.rows[0].id as string;
  try {
    const ctx = { context: { active_test: false } };
    const projects = await odoo.searchRead("project.project", domain("project.project"), PROJECT_FIELDS, projectRow, ctx);
    const tasks = await odoo.searchRead("project.task", domain("project.task"), TASK_FIELDS, taskRow, ctx);
    const userIds = [...new Set([...projects.flatMap((p) => (p.user_id ? [p.user_id[0]] : [])), ...tasks.flatMap((t) => t.user_ids)])];
    const users = await odoo.searchRead("res.users", [["id", "in", userIds]], ["id", "login"], z.object({ id: z.number().int(), login: z.string() }), ctx);
    const tagIds = [...new Set(tasks.flatMap((t) => t.tag_ids))];
    const tags = await odoo.searchRead("project.tags", [["id", "in", tagIds]], ["id", "name"], z.object({ id: z.number().int(), name: z.string() }));

    await db.query("begin");
    try {
      await db.query(
        `select odoo.map_entity($1, m.model, m.odoo_id, m.ref)
           from jsonb_to_recordset($2::jsonb) as m (model text, odoo_id int, ref text)`,
        [inst, JSON.stringify([
          ...users.map((u) => ({ model: "res.users", odoo_id: u.id, ref: u.login })),
          ...tags.map((t) => ({ model: "project.tags", odoo_id: t.id, ref: t.name })),
        ])],
      );
      const project = async (model: string, rows: object[]) =>
        ((await db.query(
          `select count(*) filter (where x = 'applied') as applied, count(*) filter (where x = 'stale') as stale
             from jsonb_array_elements($3::jsonb) r,
                  odoo.project_record($1, $2, (r ->> 'id')::int, r, complete => true, version => odoo.record_version(r, now())) x`,
          [inst, model, JSON.stringify(rows)])).rows[0] as { applied: string; stale: string });
      const p = await project("project.project", projects);
      const t = await project("project.task", tasks);
      const stale = Number(p.stale) + Number(t.stale);
      const forget = async (model: string, table: string, keep: number[]) =>
        (await db.query(
          `select odoo.project_record($1, $2, s.odoo_id, '{}', deleted => true, version => now()) from ${table} s where s.instance_id = $1 and s.odoo_id <> all($3::int[])`,
          [inst, model, keep])).rowCount!;
      // only a full pull sees what Odoo no longer has
      const removed = !full ? 0 : (await forget("project.project", "odoo_seed.shadow_projects", projects.map((x) => x.id))) +
        (await forget("project.task", "odoo_seed.shadow_tasks", tasks.map((x) => x.id)));
      for (const [model, rows] of [["project.project", projects], ["project.task", tasks]] as const) await advanceCursor(db, inst, model, rows, full, readStartedAt);
      const report = { run_id: runId, mode: full ? "full" as const : "incremental" as const, projects: Number(p.applied), tasks: Number(t.applied), stale, removed };
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
  instance: string;
  entity: string;
  kind: string;
  external_ref: string;
  odoo_id: number | null;
  expected: string | null;
  actual: string | null;
}

/** odoo_seed.drift of one instance (by slug), or of every active one. */
export async function readDrift(db: pg.Client, opts: { instance?: string } = {}): Promise<DriftRow[]> {
  const r = await db.query(
    `select instance, entity, kind, external_ref, odoo_id, expected, actual from odoo_seed.drift
      where $1::text is null or instance = $1 order by instance, entity, external_ref, kind`, [opts.instance ?? null]);
  return r.rows as DriftRow[];
}
