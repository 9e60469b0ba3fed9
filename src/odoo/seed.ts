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
import type { OdooClient } from "./client.ts";
import { resolveInstance } from "./instances.ts";
import { pushDependencies, pushProjects, pushTasks, resolveReferences, type SeedProject, type SeedTask, type SeedRun } from "./seed-steps.ts";

export type Action = "created" | "updated" | "unchanged" | "failed";
export interface RecordResult {
  external_ref: string;
  odoo_id: number | null;
  action: Action;
  changed?: string[];
  error?: string;
}
export type Tally = Record<Action, number>;
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

/** Reads the seed rows, then runs the steps in order: references, projects, tasks, dependencies. */
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
  const run: SeedRun = { db, odoo, inst, dry, step: (what) => progress(++done, total, what) };

  const refs = await resolveReferences(run, projects, tasks);
  const pushed = await pushProjects(run, projects, refs);
  const taskState = await pushTasks(run, tasks, pushed.projectIds, refs.users);
  await pushDependencies(run, tasks, taskState);
  return seedReport(dry, runId, pushed.results, tasks.map((t) => taskState.results.get(t.external_ref)!));
}

const tally = (): Tally => ({ created: 0, updated: 0, unchanged: 0, failed: 0 });

/** The run's outcome from the records' results: success, failed (every record failed) or partial. */
function seedReport(dry: boolean, runId: string | null, projects: RecordResult[], tasks: RecordResult[]): SeedReport {
  const results = { projects, tasks };
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
