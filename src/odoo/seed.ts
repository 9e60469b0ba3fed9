// `ssot odoo seed`: push odoo_seed.projects and odoo_seed.tasks into Odoo over JSON-RPC.
// Companies and users are resolved by name and login; projects and tasks are upserted by
// x_external_ref, writing only the fields that differ (so a second run makes zero writes);
// stages and tags are found or created; dependencies (depend_on_ids) are set in a second pass,
// once every task has an id. Odoo ids are written back per instance (odoo_seed.project_odoo_ids,
// task_odoo_ids, and the instance's entity mappings). One failing record is recorded and the
// others go on; a transport or login failure ends the run. Every run is one odoo_seed.sync_runs row.
// With a dry-run client (`--dry-run`) the same code makes the plan: Odoo is only read (the client
// answers changes itself), the database only read (a read-only transaction: no run row, no ids
// written back, no mappings), and the report is what a real run would do.
import type pg from "pg";
import { z } from "zod";
import { OdooClient, OdooRpcError, odooValue } from "./client.ts";
import { resolveInstance } from "./instances.ts";

export type Action = "created" | "updated" | "unchanged" | "failed";
export interface RecordResult {
  external_ref: string;
  odoo_id: number | null;
  action: Action;
  changed?: string[];
  error?: string;
}
type Tally = Record<Action, number>;
export interface SeedReport {
  ok: boolean;
  dry_run: boolean;
  /** null in a dry run (no sync_runs row). */
  run_id: string | null;
  status: "success" | "partial" | "failed";
  projects_synced: number;
  tasks_synced: number;
  writes: number;
  counts: { projects: Tally; tasks: Tally };
  results: { projects: RecordResult[]; tasks: RecordResult[] };
}
export type Progress = (done: number, total: number, what: string) => void;

interface SeedProject { external_ref: string; name: string; company_name: string; manager_email: string | null; visibility: string; allow_dependencies: boolean }
interface SeedTask { external_ref: string; project_external_ref: string; name: string; stage_name: string; tag_names: string[]; assignee_email: string | null; depends_on_refs: string[] }

const idName = z.object({ id: z.number().int(), name: z.string() });
const userRow = z.object({ id: z.number().int(), login: z.string() });
const stageRow = z.object({ id: z.number().int(), name: z.string(), project_ids: odooValue.ids });
const projectRow = z.object({
  id: z.number().int(), name: z.string(), x_external_ref: odooValue.char, company_id: odooValue.m2o, user_id: odooValue.m2o,
  privacy_visibility: z.union([z.string(), z.literal(false)]), allow_task_dependencies: z.boolean(),
});
const taskRow = z.object({
  id: z.number().int(), name: z.string(), x_external_ref: odooValue.char, project_id: odooValue.m2o, stage_id: odooValue.m2o,
  tag_ids: odooValue.ids, user_ids: odooValue.ids, depend_on_ids: odooValue.ids,
});
const m2oId = (v: z.infer<typeof odooValue.m2o>) => (v === false ? false : v[0]);
const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
const sameSet = (a: number[], b: number[]) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const tally = (): Tally => ({ created: 0, updated: 0, unchanged: 0, failed: 0 });

/** A record that cannot be synced (its company, user or project is missing): recorded, the run goes on. */
class RecordError extends Error {}

function errText(e: unknown): string {
  return e instanceof OdooRpcError ? e.message : (e as Error).message;
}

export async function pushSeed(db: pg.Client, odoo: OdooClient, opts: { instance?: string; progress?: Progress } = {}): Promise<SeedReport> {
  const inst = await resolveInstance(db, odoo.opts, opts.instance);
  if (odoo.opts.dryRun) return planSeed(db, odoo, inst, opts.progress ?? (() => {}));
  const run = await db.query(`insert into odoo_seed.sync_runs (kind, odoo_url, odoo_db, instance_id) values ('seed', $1, $2, $3) returning id`, [odoo.opts.url, odoo.opts.db, inst]);
  const runId = run.rows[0].id as string;
  const writesBefore = odoo.writes;
  try {
    const report = await push(db, odoo, inst, runId, opts.progress ?? (() => {}));
    report.writes = odoo.writes - writesBefore;
    await db.query(`update odoo_seed.sync_runs set finished_at = now(), status = $2, counts = $3, results = $4 where id = $1`, [
      runId, report.status, JSON.stringify({ ...report.counts, writes: report.writes }), JSON.stringify(report.results),
    ]);
    return report;
  } catch (e) {
    await db.query(`update odoo_seed.sync_runs set finished_at = now(), status = 'failed', error = $2, counts = $3 where id = $1`, [
      runId, (e as Error).message, JSON.stringify({ writes: odoo.writes - writesBefore }),
    ]);
    throw e;
  }
}

async function planSeed(db: pg.Client, odoo: OdooClient, inst: string, progress: Progress): Promise<SeedReport> {
  const writesBefore = odoo.writes;
  await db.query("begin transaction read only");
  try {
    const report = await push(db, odoo, inst, null, progress);
    report.writes = odoo.writes - writesBefore;
    // a record to be created has no Odoo id yet (the client handed out placeholders below zero)
    for (const r of [...report.results.projects, ...report.results.tasks]) if (r.odoo_id !== null && r.odoo_id < 0) r.odoo_id = null;
    return report;
  } finally {
    await db.query("rollback");
  }
}

async function push(db: pg.Client, odoo: OdooClient, inst: string, runId: string | null, progress: Progress): Promise<SeedReport> {
  const dry = runId === null; // a plan (planSeed) has no run row and writes nothing back
  const projects = (await db.query(
    `select external_ref, name, company_name, manager_email, visibility, allow_dependencies
       from odoo_seed.projects where sync_enabled order by external_ref`)).rows as SeedProject[];
  const tasks = (await db.query(
    `select t.external_ref, t.project_external_ref, t.name, t.stage_name, t.tag_names, t.assignee_email, t.depends_on_refs
       from odoo_seed.tasks t join odoo_seed.projects p on p.external_ref = t.project_external_ref
      where p.sync_enabled order by t.external_ref`)).rows as SeedTask[];
  const total = projects.length + tasks.length * 2;
  let done = 0;
  const step = (what: string) => progress(++done, total, what);

  // resolve companies and users once
  await odoo.authenticate();
  const companyNames = [...new Set(projects.map((p) => p.company_name))];
  const companies = new Map((await odoo.searchRead("res.company", [["name", "in", companyNames]], ["id", "name"], idName)).map((c) => [c.name, c.id]));
  const emails = [...new Set([...projects.map((p) => p.manager_email), ...tasks.map((t) => t.assignee_email)].filter((e): e is string => !!e))];
  const users = new Map(
    (await odoo.searchRead("res.users", [["login", "in", emails]], ["id", "login"], userRow, { context: { active_test: false } })).map((u) => [u.login.toLowerCase(), u.id]),
  );
  if (!dry) for (const [login, id] of users) await mapEntity(db, inst, "res.users", id, login);

  // pass 1a: projects
  const existingProjects = new Map(
    (await odoo.searchRead("project.project", [["x_external_ref", "in", projects.map((p) => p.external_ref)]],
      ["id", "name", "x_external_ref", "company_id", "user_id", "privacy_visibility", "allow_task_dependencies"], projectRow, { context: { active_test: false } }))
      .map((p) => [p.x_external_ref!, p]),
  );
  const projectIds = new Map<string, number>();
  const projectResults: RecordResult[] = [];
  for (const p of projects) {
    const r: RecordResult = { external_ref: p.external_ref, odoo_id: existingProjects.get(p.external_ref)?.id ?? null, action: "unchanged" };
    try {
      const companyId = companies.get(p.company_name);
      if (companyId === undefined) throw new RecordError(`company_name ${JSON.stringify(p.company_name)} is not a res.company in Odoo`);
      const managerId = p.manager_email ? users.get(p.manager_email.toLowerCase()) : false;
      if (managerId === undefined) throw new RecordError(`manager_email ${p.manager_email} is not the login of a res.users in Odoo`);
      const want: Record<string, unknown> = {
        name: p.name, x_external_ref: p.external_ref, company_id: companyId, user_id: managerId,
        privacy_visibility: p.visibility, allow_task_dependencies: p.allow_dependencies,
      };
      const cur = existingProjects.get(p.external_ref);
      if (!cur) {
        r.odoo_id = await odoo.create("project.project", want);
        r.action = "created";
      } else {
        const have: Record<string, unknown> = {
          name: cur.name, x_external_ref: cur.x_external_ref, company_id: m2oId(cur.company_id), user_id: m2oId(cur.user_id),
          privacy_visibility: cur.privacy_visibility, allow_task_dependencies: cur.allow_task_dependencies,
        };
        const diff = Object.fromEntries(Object.entries(want).filter(([k, v]) => have[k] !== v));
        if (Object.keys(diff).length) {
          await odoo.write("project.project", [cur.id], diff);
          r.action = "updated";
          r.changed = Object.keys(diff).sort();
        }
      }
      projectIds.set(p.external_ref, r.odoo_id!);
      if (!dry) {
        await writeBack(db, "odoo_seed.project_odoo_ids", inst, p.external_ref, r.odoo_id!);
        await mapEntity(db, inst, "project.project", r.odoo_id!, p.external_ref);
      }
    } catch (e) {
      if (!(e instanceof OdooRpcError) && !(e instanceof RecordError)) throw e;
      r.action = "failed";
      r.error = errText(e);
    }
    projectResults.push(r);
    step(`project ${p.external_ref}`);
  }

  // pass 1b: stages, tags, tasks (without dependencies)
  const stageNames = [...new Set(tasks.map((t) => t.stage_name))];
  const stages = await odoo.searchRead("project.task.type", [["name", "in", stageNames]], ["id", "name", "project_ids"], stageRow);
  const tagNames = [...new Set(tasks.flatMap((t) => t.tag_names))];
  const tags = new Map((await odoo.searchRead("project.tags", [["name", "in", tagNames]], ["id", "name"], idName)).map((t) => [t.name, t.id]));
  const existingTasks = new Map(
    (await odoo.searchRead("project.task", [["x_external_ref", "in", tasks.map((t) => t.external_ref)]],
      ["id", "name", "x_external_ref", "project_id", "stage_id", "tag_ids", "user_ids", "depend_on_ids"], taskRow, { context: { active_test: false } }))
      .map((t) => [t.x_external_ref!, t]),
  );
  const taskIds = new Map<string, number>();
  const taskResults = new Map<string, RecordResult>();

  const stageFor = async (name: string, projectId: number): Promise<number> => {
    const same = stages.filter((s) => s.name === name);
    const linked = same.find((s) => s.project_ids.includes(projectId));
    if (linked) return linked.id;
    if (same[0]) {
      await odoo.write("project.task.type", [same[0].id], { project_ids: [[4, projectId]] });
      same[0].project_ids.push(projectId);
      return same[0].id;
    }
    const id = await odoo.create("project.task.type", { name, project_ids: [[6, 0, [projectId]]] });
    stages.push({ id, name, project_ids: [projectId] });
    return id;
  };
  const tagFor = async (name: string): Promise<number> => {
    const known = tags.get(name);
    if (known !== undefined) return known;
    const id = await odoo.create("project.tags", { name });
    tags.set(name, id);
    return id;
  };

  for (const t of tasks) {
    const cur = existingTasks.get(t.external_ref);
    const r: RecordResult = { external_ref: t.external_ref, odoo_id: cur?.id ?? null, action: "unchanged" };
    try {
      const projectId = projectIds.get(t.project_external_ref);
      if (projectId === undefined) throw new RecordError(`its project ${t.project_external_ref} failed to sync`);
      const userId = t.assignee_email ? users.get(t.assignee_email.toLowerCase()) : undefined;
      if (t.assignee_email && userId === undefined) throw new RecordError(`assignee_email ${t.assignee_email} is not the login of a res.users in Odoo`);
      const stageId = await stageFor(t.stage_name, projectId);
      const tagIds: number[] = [];
      for (const name of new Set(t.tag_names)) tagIds.push(await tagFor(name));
      tagIds.sort((a, b) => a - b);
      const userIds = userId === undefined ? [] : [userId];
      if (!cur) {
        r.odoo_id = await odoo.create("project.task", {
          name: t.name, x_external_ref: t.external_ref, project_id: projectId, stage_id: stageId,
          tag_ids: [[6, 0, tagIds]], user_ids: [[6, 0, userIds]],
        });
        r.action = "created";
      } else {
        const diff: Record<string, unknown> = {};
        if (cur.name !== t.name) diff.name = t.name;
        if (m2oId(cur.project_id) !== projectId) diff.project_id = projectId;
        if (m2oId(cur.stage_id) !== stageId) diff.stage_id = stageId;
        if (!sameSet(cur.tag_ids, tagIds)) diff.tag_ids = [[6, 0, tagIds]];
        if (!sameSet(cur.user_ids, userIds)) diff.user_ids = [[6, 0, userIds]];
        if (Object.keys(diff).length) {
          await odoo.write("project.task", [cur.id], diff);
          r.action = "updated";
          r.changed = Object.keys(diff).sort();
        }
      }
      taskIds.set(t.external_ref, r.odoo_id!);
    } catch (e) {
      if (!(e instanceof OdooRpcError) && !(e instanceof RecordError)) throw e;
      r.action = "failed";
      r.error = errText(e);
    }
    taskResults.set(t.external_ref, r);
    step(`task ${t.external_ref}`);
  }

  // pass 2: dependencies, once every task has an id
  for (const t of tasks) {
    const r = taskResults.get(t.external_ref)!;
    if (r.action !== "failed") {
      try {
        const missing = t.depends_on_refs.filter((d) => !taskIds.has(d));
        if (missing.length) throw new RecordError(`depends on ${missing.join(", ")}, which has no Odoo task (failed or not seeded)`);
        const want = sorted(t.depends_on_refs.map((d) => taskIds.get(d)!));
        const have = existingTasks.get(t.external_ref)?.depend_on_ids ?? [];
        if (!sameSet(have, want)) {
          await odoo.write("project.task", [r.odoo_id!], { depend_on_ids: [[6, 0, want]] });
          if (r.action === "unchanged") r.action = "updated";
          r.changed = [...(r.changed ?? []), "depend_on_ids"];
        }
      } catch (e) {
        if (!(e instanceof OdooRpcError) && !(e instanceof RecordError)) throw e;
        r.action = "failed";
        r.error = errText(e);
      }
    }
    if (r.odoo_id !== null && !dry) {
      await writeBack(db, "odoo_seed.task_odoo_ids", inst, t.external_ref, r.odoo_id);
      await mapEntity(db, inst, "project.task", r.odoo_id, t.external_ref);
    }
    step(`dependencies of ${t.external_ref}`);
  }

  const results = { projects: projectResults, tasks: tasks.map((t) => taskResults.get(t.external_ref)!) };
  const counts = { projects: tally(), tasks: tally() };
  for (const r of results.projects) counts.projects[r.action]++;
  for (const r of results.tasks) counts.tasks[r.action]++;
  const failed = counts.projects.failed + counts.tasks.failed;
  const all = projects.length + tasks.length;
  const status = failed === 0 ? "success" : failed === all ? "failed" : "partial";
  return {
    ok: failed === 0, dry_run: dry, run_id: runId, status,
    projects_synced: projects.length - counts.projects.failed, tasks_synced: tasks.length - counts.tasks.failed,
    writes: 0, counts, results,
  };
}

/** The Odoo id of a seed row in this instance (no write when it is already so). */
async function writeBack(db: pg.Client, table: "odoo_seed.project_odoo_ids" | "odoo_seed.task_odoo_ids", instance: string, ref: string, odooId: number) {
  await db.query(
    `insert into ${table} as w (instance_id, external_ref, odoo_id) values ($1, $2, $3)
     on conflict (instance_id, external_ref) do update set odoo_id = excluded.odoo_id, written_at = now() where w.odoo_id is distinct from excluded.odoo_id`,
    [instance, ref, odooId],
  );
}

async function mapEntity(db: pg.Client, instance: string, model: string, odooId: number, ref: string) {
  await db.query(`select odoo.map_entity($1, $2, $3, $4)`, [instance, model, odooId, ref]);
}
