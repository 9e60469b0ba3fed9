// Definitions: the idempotent SQL in db/functions, db/policies and db/cron, re-applied after every
// migration in that order, in one transaction. A checksum per file skips unchanged files, unless
// the schema moved underneath them (a new migration or a changed current.sql can drop a function
// or a policy), which the migration fingerprint detects: then every file is applied again.
// Objects follow their files: each file runs in a savepoint, and the functions, views, policies
// and triggers whose catalog rows that savepoint wrote are recorded as the file's
// (ssot_meta.definition_objects). When a file is deleted, or no longer creates one of its objects,
// the object is dropped (never with CASCADE: a dependency stops the drop and is reported).
// The steps: files.ts reads the files, apply-file.ts applies one and records what it owns,
// stale.ts collects what went stale, drop.ts drops it; their SQL is in sql/.
import fs from "node:fs";
import type pg from "pg";
import { dbDir } from "../cluster/paths.ts";
import { withClient } from "../db/client.ts";
import { applyFile } from "./apply-file.ts";
import { dropStale } from "./drop.ts";
import { listDefinitions, sourceOf, type DefinitionFile } from "./files.ts";
import type { TrackedObject } from "./objects.ts";
import { sql } from "./sql.ts";
import { collectStale, objectsOfGoneFiles } from "./stale.ts";

export interface ApplyReport {
  applied: string[];
  skipped: string[];
  cronSkipped: boolean;
  /** Cron jobs removed because the db/cron file that declared them is gone. */
  cronPruned: string[];
  /** Objects dropped because their file is gone or no longer creates them, e.g. "function public.f(integer)". */
  dropped: string[];
  /** Objects that should have been dropped but could not be (a dependency), with the reason. */
  dropFailed: string[];
  reason: "changed" | "schema-moved" | "forced" | "first-tracking";
}

export interface ApplyOptions {
  /** Apply every file, changed or not. */
  force?: boolean;
  /** The folder whose functions/, policies/ and cron/ are all of its definitions (db/ by default). */
  root?: string;
  log?: (line: string) => void;
}

/** What a run knows once it holds the lock: the report it fills and what decides which files run. */
interface Run {
  report: ApplyReport;
  hasCron: boolean;
  fingerprint: string;
  /** Every file runs (the schema moved, forced, or the first apply that tracks objects). */
  all: boolean;
  known: Map<string, string>;
  runXid: number;
}

async function startRun(c: pg.Client, force: boolean): Promise<Run> {
  await c.query(`select pg_advisory_xact_lock(hashtext('ssot.definitions'))`);
  await c.query(sql("meta"));
  await c.query(`set local check_function_bodies = off`);
  const fingerprint = (await c.query(sql("fingerprint"))).rows[0].fp as string;
  const s = (await c.query(sql("run-state"))).rows[0] as { has_cron: boolean; previous_fingerprint: string | null; tracked: number; xid: string };
  const reason: ApplyReport["reason"] = force ? "forced" : s.previous_fingerprint !== fingerprint ? "schema-moved" : "changed";
  const known = new Map<string, string>((await c.query(sql("checksums"))).rows.map((r) => [r.key, r.checksum]));
  await c.query(`create temp table if not exists ssot_apply_marker (n int) on commit drop`);
  return {
    report: {
      applied: [], skipped: [], cronSkipped: false, cronPruned: [], dropped: [], dropFailed: [],
      reason: reason === "changed" && s.tracked === 0 ? "first-tracking" : reason,
    },
    hasCron: s.has_cron,
    fingerprint,
    // objects are tracked from the first apply that knows how: that one applies every file
    all: reason !== "changed" || s.tracked === 0,
    known,
    runXid: Number(s.xid) % 2 ** 32,
  };
}

/** Applies the files that need it; the objects that went stale, and which file created what. */
async function applyFiles(c: pg.Client, files: DefinitionFile[], source: string, run: Run, log: (line: string) => void) {
  const stale: TrackedObject[] = [];
  const touchedBy = new Map<string, string>(); // object -> the first file of this run that created it
  for (const f of files) {
    if (f.group === "cron" && !run.hasCron) {
      run.report.cronSkipped = true;
      continue;
    }
    if (!run.all && run.known.get(f.key) === f.checksum) {
      run.report.skipped.push(f.key);
      continue;
    }
    stale.push(...(await applyFile(c, f, source, touchedBy)));
    run.report.applied.push(f.key);
    log(`applied db/${f.key}`);
  }
  return { stale, touchedBy };
}

/** Jobs are data: a job whose db/cron file was deleted is removed too. */
async function pruneCron(c: pg.Client, files: DefinitionFile[], hasCron: boolean, log: (line: string) => void): Promise<string[]> {
  if (!hasCron || !(await c.query(`select to_regprocedure('ops.cron_prune(text[])') is not null as yes`)).rows[0].yes) return [];
  const cronKeys = files.filter((f) => f.group === "cron").map((f) => f.key);
  const pruned = (await c.query(`select ops.cron_prune($1::text[]) as name`, [cronKeys])).rows.map((r) => r.name as string);
  for (const name of pruned) log(`removed cron job ${name} (its db/cron file is gone)`);
  return pruned;
}

export async function applyDefinitionsWith(c: pg.Client, opts: ApplyOptions = {}): Promise<ApplyReport> {
  // the files of a folder (db/ by default) are all of its definitions: what is not among them is gone
  const root = opts.root ?? dbDir;
  if (!fs.existsSync(root)) throw new Error(`no definitions folder at ${root}`);
  const files = listDefinitions(root);
  const keys = files.map((f) => f.key);
  const source = sourceOf(root);
  const log = opts.log ?? (() => {});
  await c.query("begin");
  try {
    const run = await startRun(c, !!opts.force);
    const { stale, touchedBy } = await applyFiles(c, files, source, run, log);
    stale.push(...(await objectsOfGoneFiles(c, source, keys)));
    const drops = await dropStale(c, await collectStale(c, stale, touchedBy, run.runXid), log);
    run.report.dropped = drops.dropped;
    run.report.dropFailed = drops.dropFailed;
    await c.query(`select set_config('ssot.definition_file', '', true)`);
    run.report.cronPruned = await pruneCron(c, files, run.hasCron, log);
    await c.query(sql("finish"), [keys, run.fingerprint]);
    await c.query("commit");
    return run.report;
  } catch (e) {
    await c.query("rollback").catch(() => {});
    throw e;
  }
}

export async function applyDefinitions(url: string, opts: ApplyOptions = {}) {
  return withClient(url, (c) => applyDefinitionsWith(c, opts));
}
