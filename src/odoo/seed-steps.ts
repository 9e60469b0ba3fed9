// The steps of `ssot odoo seed` (src/odoo/seed.ts runs them in this order): resolve the companies
// and users the seed refers to, upsert the projects, then the tasks with their stages and tags,
// then the tasks' dependencies once every task has an id. Each record's work goes through
// `recorded`, the one place a failing record is recorded while the others go on.
import type pg from "pg";
import { z } from "zod";
import { OdooClient, OdooRpcError, odooValue } from "./client.ts";
import type { RecordResult } from "./seed.ts";

export interface SeedProject { external_ref: string; name: string; company_name: string; manager_email: string | null; visibility: string; allow_dependencies: boolean }
export interface SeedTask { external_ref: string; project_external_ref: string; name: string; stage_name: string; tag_names: string[]; assignee_email: string | null; depends_on_refs: string[] }

/** One run: where it reads and writes, whether it is a plan (nothing written back), its progress. */
export interface SeedRun {
  db: pg.Client;
  odoo: OdooClient;
  inst: string;
  dry: boolean;
  step: (what: string) => void;
}

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
type OdooTask = z.infer<typeof taskRow>;
const m2oId = (v: z.infer<typeof odooValue.m2o>) => (v === false ? false : v[0]);
const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
const sameSet = (a: number[], b: number[]) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

/** A record that cannot be synced (its company, user or project is missing): recorded, the run goes on. */
class RecordError extends Error {}

/**
 * The one failure recorder: runs a record's work; an Odoo refusal or a RecordError marks the record
 * failed with its message and the run goes on; anything else (transport, login) ends the run.
 */
async function recorded(r: RecordResult, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (!(e instanceof OdooRpcError) && !(e instanceof RecordError)) throw e;
    r.action = "failed";
    r.error = (e as Error).message;
  }
}

export interface References {
  /** res.company ids by name */
  companies: Map<string, number>;
  /** res.users ids by lowercased login */
  users: Map<string, number>;
}

/** Step 1: the companies and users the seed names, looked up once (users mapped to their login). */
export async function resolveReferences(run: SeedRun, projects: SeedProject[], tasks: SeedTask[]): Promise<References> {
  const { odoo } = run;
  await odoo.authenticate();
  const companyNames = [...new Set(projects.map((p) => p.company_name))];
  const companies = new Map((await odoo.searchRead("res.company", [["name", "in", companyNames]], ["id", "name"], idName)).map((c) => [c.name, c.id]));
  const emails = [...new Set([...projects.map((p) => p.manager_email), ...tasks.map((t) => t.assignee_email)].filter((e): e is string => !!e))];
  const users = new Map(
    (await odoo.searchRead("res.users", [["login", "in", emails]], ["id", "login"], userRow, { context: { active_test: false } })).map((u) => [u.login.toLowerCase(), u.id]),
  );
  if (!run.dry) for (const [login, id] of users) await mapEntity(run.db, run.inst, "res.users", id, login);
  return { companies, users };
}

/** Step 2: every project upserted by x_external_ref, writing only the fields that differ. */
export async function pushProjects(run: SeedRun, projects: SeedProject[], refs: References): Promise<{ projectIds: Map<string, number>; results: RecordResult[] }> {
  const existing = new Map(
    (await run.odoo.searchRead("project.project", [["x_external_ref", "in", projects.map((p) => p.external_ref)]],
      ["id", "name", "x_external_ref", "company_id", "user_id", "privacy_visibility", "allow_task_dependencies"], projectRow, { context: { active_test: false } }))
      .map((p) => [p.x_external_ref!, p]),
  );
  const projectIds = new Map<string, number>();
  const results: RecordResult[] = [];
  for (const p of projects) {
    const cur = existing.get(p.external_ref);
    const r: RecordResult = { external_ref: p.external_ref, odoo_id: cur?.id ?? null, action: "unchanged" };
    await recorded(r, async () => {
      await upsertProject(run.odoo, p, cur, refs, r);
      projectIds.set(p.external_ref, r.odoo_id!);
      if (!run.dry) {
        await writeBack(run.db, "odoo_seed.project_odoo_ids", run.inst, p.external_ref, r.odoo_id!);
        await mapEntity(run.db, run.inst, "project.project", r.odoo_id!, p.external_ref);
      }
    });
    results.push(r);
    run.step(`project ${p.external_ref}`);
  }
  return { projectIds, results };
}

async function upsertProject(odoo: OdooClient, p: SeedProject, cur: z.infer<typeof projectRow> | undefined, refs: References, r: RecordResult) {
  const companyId = refs.companies.get(p.company_name);
  if (companyId === undefined) throw new RecordError(`company_name ${JSON.stringify(p.company_name)} is not a res.company in Odoo`);
  const managerId = p.manager_email ? refs.users.get(p.manager_email.toLowerCase()) : false;
  if (managerId === undefined) throw new RecordError(`manager_email ${p.manager_email} is not the login of a res.users in Odoo`);
  const want: Record<string, unknown> = {
    name: p.name, x_external_ref: p.external_ref, company_id: companyId, user_id: managerId,
    privacy_visibility: p.visibility, allow_task_dependencies: p.allow_dependencies,
  };
  if (!cur) {
    r.odoo_id = await odoo.create("project.project", want);
    r.action = "created";
    return;
  }
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

/** Stages (linked to the task's project) and tags by name: found, or created once. */
async function stagesAndTags(odoo: OdooClient, tasks: SeedTask[]) {
  const stageNames = [...new Set(tasks.map((t) => t.stage_name))];
  const stages = await odoo.searchRead("project.task.type", [["name", "in", stageNames]], ["id", "name", "project_ids"], stageRow);
  const tagNames = [...new Set(tasks.flatMap((t) => t.tag_names))];
  const tags = new Map((await odoo.searchRead("project.tags", [["name", "in", tagNames]], ["id", "name"], idName)).map((t) => [t.name, t.id]));
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
  return { stageFor, tagFor };
}

type StagesAndTags = Awaited<ReturnType<typeof stagesAndTags>>;

export interface TaskState {
  /** the tasks as Odoo had them before this run */
  existing: Map<string, OdooTask>;
  /** the Odoo id of every task that synced */
  ids: Map<string, number>;
  results: Map<string, RecordResult>;
}

/** Step 3: stages, tags and tasks (without dependencies), each task upserted by x_external_ref. */
export async function pushTasks(run: SeedRun, tasks: SeedTask[], projectIds: Map<string, number>, users: Map<string, number>): Promise<TaskState> {
  const lookups = await stagesAndTags(run.odoo, tasks);
  const existing = new Map(
    (await run.odoo.searchRead("project.task", [["x_external_ref", "in", tasks.map((t) => t.external_ref)]],
      ["id", "name", "x_external_ref", "project_id", "stage_id", "tag_ids", "user_ids", "depend_on_ids"], taskRow, { context: { active_test: false } }))
      .map((t) => [t.x_external_ref!, t]),
  );
  const state: TaskState = { existing, ids: new Map(), results: new Map() };
  for (const t of tasks) {
    const cur = existing.get(t.external_ref);
    const r: RecordResult = { external_ref: t.external_ref, odoo_id: cur?.id ?? null, action: "unchanged" };
    await recorded(r, async () => {
      await upsertTask(run.odoo, t, cur, projectIds, users, lookups, r);
      state.ids.set(t.external_ref, r.odoo_id!);
    });
    state.results.set(t.external_ref, r);
    run.step(`task ${t.external_ref}`);
  }
  return state;
}

async function upsertTask(
  odoo: OdooClient, t: SeedTask, cur: OdooTask | undefined, projectIds: Map<string, number>, users: Map<string, number>, lookups: StagesAndTags, r: RecordResult,
) {
  const projectId = projectIds.get(t.project_external_ref);
  if (projectId === undefined) throw new RecordError(`its project ${t.project_external_ref} failed to sync`);
  const userId = t.assignee_email ? users.get(t.assignee_email.toLowerCase()) : undefined;
  if (t.assignee_email && userId === undefined) throw new RecordError(`assignee_email ${t.assignee_email} is not the login of a res.users in Odoo`);
  const stageId = await lookups.stageFor(t.stage_name, projectId);
  const tagIds: number[] = [];
  for (const name of new Set(t.tag_names)) tagIds.push(await lookups.tagFor(name));
  tagIds.sort((a, b) => a - b);
  const userIds = userId === undefined ? [] : [userId];
  if (!cur) {
    r.odoo_id = await odoo.create("project.task", {
      name: t.name, x_external_ref: t.external_ref, project_id: projectId, stage_id: stageId,
      tag_ids: [[6, 0, tagIds]], user_ids: [[6, 0, userIds]],
    });
    r.action = "created";
    return;
  }
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

/** Step 4: dependencies (depend_on_ids), once every task has an id; then each task's id is written back. */
export async function pushDependencies(run: SeedRun, tasks: SeedTask[], state: TaskState): Promise<void> {
  for (const t of tasks) {
    const r = state.results.get(t.external_ref)!;
    if (r.action !== "failed") {
      await recorded(r, async () => {
        const missing = t.depends_on_refs.filter((d) => !state.ids.has(d));
        if (missing.length) throw new RecordError(`depends on ${missing.join(", ")}, which has no Odoo task (failed or not seeded)`);
        const want = sorted(t.depends_on_refs.map((d) => state.ids.get(d)!));
        const have = state.existing.get(t.external_ref)?.depend_on_ids ?? [];
        if (!sameSet(have, want)) {
          await run.odoo.write("project.task", [r.odoo_id!], { depend_on_ids: [[6, 0, want]] });
          if (r.action === "unchanged") r.action = "updated";
          r.changed = [...(r.changed ?? []), "depend_on_ids"];
        }
      });
    }
    if (r.odoo_id !== null && !run.dry) {
      await writeBack(run.db, "odoo_seed.task_odoo_ids", run.inst, t.external_ref, r.odoo_id);
      await mapEntity(run.db, run.inst, "project.task", r.odoo_id, t.external_ref);
    }
    run.step(`dependencies of ${t.external_ref}`);
  }
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
