// `ssot odoo seed|shadow|drift|routes|process`: the Odoo bridge's commands (`ssot odoo-db …` is in odoo-db.ts).
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { withClient } from "../db/client.ts";
import { OdooAuthError, OdooClient, OdooRpcError, OdooTransportError, OdooWriteRefused } from "../odoo/client.ts";
import { loadOdooConfig, type OdooEnv } from "../odoo/config.ts";
import { InstanceError, instanceTargets, type InstanceTarget } from "../odoo/instances.ts";
import { pushSeed, type Progress } from "../odoo/seed.ts";
import { pullShadow, readDrift } from "../odoo/shadow.ts";
import { listRoutes, RouteError, setRouteActive } from "../odoo/routes.ts";
import { runWorker, defaultWorkerName } from "../odoo/worker.ts";
import { withVaultCredential } from "../secrets/credentials.ts";
import { readyReader, readyTarget } from "./context.ts";
import { userErrorFromConfig } from "./errors.ts";
import { bold, dim, EXIT, green, info, red, UsageError, UserError, warn, yellow } from "./out.ts";

/** The Odoo connection's environment; the API key from the vault (odoo_api_key) unless ODOO_PASSWORD is set. */
async function odooEnv(databaseUrl: string): Promise<OdooEnv> {
  const source = process.env.ODOO_PASSWORD ? process.env : await withClient(databaseUrl, (c) => withVaultCredential(c, "ODOO_PASSWORD"));
  try {
    return loadOdooConfig(source);
  } catch (e) {
    const err = userErrorFromConfig(e);
    if (err instanceof UserError && err.message.startsWith("ODOO_PASSWORD is not set"))
      throw new UserError(`${err.message} (or keep it in the vault: printf %s "$KEY" | ssot secret set odoo_api_key)`, err.exitCode);
    throw err;
  }
}

/**
 * The instances a command works on (--instance, or every active one), each with its connection:
 * an --instance that names no row is misuse, an instance without a URL or database configuration.
 */
async function targets(databaseUrl: string, env: OdooEnv, slug?: string): Promise<InstanceTarget[]> {
  try {
    return await withClient(databaseUrl, (db) => instanceTargets(db, env, slug));
  } catch (e) {
    if (e instanceof InstanceError) throw new UserError(e.message, e.message.startsWith("--instance") ? EXIT.usage : EXIT.config);
    throw e;
  }
}

function odooClient(t: InstanceTarget, opts: { dryRun?: boolean } = {}): OdooClient {
  return new OdooClient({ ...t.conn, dryRun: opts.dryRun, onRetry: (r) => warn(`${t.slug}: retry ${r.attempt} of ${r.call} in ${r.delayMs} ms: ${r.reason}`) });
}

/** Odoo and instance errors become one line naming the instance: Odoo out of reach or refusing the login exits 2, any other 1. */
async function guarded<T>(slug: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof OdooAuthError || e instanceof OdooTransportError) throw new UserError(`${slug}: ${e.message}`, EXIT.unreachable);
    if (e instanceof OdooRpcError || e instanceof OdooWriteRefused || e instanceof InstanceError) throw new UserError(`${slug}: ${e.message}`);
    throw e;
  }
}

function progressBar(json: boolean): { progress?: Progress; stop: () => void } {
  if (json || !process.stderr.isTTY) return { stop: () => {} };
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: "{bar} {value}/{total} {what}", hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    progress: (done, total, what) => {
      if (!started) (bar.start(total, 0, { what }), (started = true));
      bar.update(done, { what });
    },
    stop: () => started && bar.stop(),
  };
}

const actionColour = { created: green, updated: yellow, unchanged: dim, failed: red } as const;

/** `ssot odoo seed`: push the seed to each instance; exit 1 when a record failed. */
async function odooSeed(opts: { instance?: string; dryRun?: boolean; json?: boolean }) {
  const t = await readyTarget({ bootstrap: false });
  const env = await odooEnv(t.databaseUrl);
  const reports = [];
  for (const inst of await targets(t.databaseUrl, env, opts.instance)) {
    const client = odooClient(inst, { dryRun: !!opts.dryRun });
    const bar = progressBar(!!opts.json);
    const r = await guarded(inst.slug, () => withClient(t.databaseUrl, (db) => pushSeed(db, client, { instance: inst.slug, progress: bar.progress })).finally(bar.stop));
    reports.push({ instance: inst.slug, ...r });
    if (opts.json) continue;
    for (const [kind, rows] of [["project", r.results.projects], ["task", r.results.tasks]] as const)
      for (const x of rows)
        info(`${inst.slug} ${kind.padEnd(8)} ${x.external_ref.padEnd(24)} ${actionColour[x.action](x.action.padEnd(9))} ${x.odoo_id ?? "-"}${x.changed ? dim(` (${x.changed.join(", ")})`) : ""}${x.error ? red(`  ${x.error}`) : ""}`);
    const c = r.counts;
    info(bold(`${inst.slug}: ${r.dry_run ? "dry run (nothing written)" : `seed run ${r.run_id}`}: ${r.status}; projects ${c.projects.created} created, ${c.projects.updated} updated, ${c.projects.unchanged} unchanged, ${c.projects.failed} failed; ` +
      `tasks ${c.tasks.created} created, ${c.tasks.updated} updated, ${c.tasks.unchanged} unchanged, ${c.tasks.failed} failed; ${r.writes} writes to Odoo${r.dry_run ? " planned" : ""}`));
  }
  if (opts.json) info(JSON.stringify(reports, null, 2));
  process.exitCode = reports.every((r) => r.ok) ? 0 : 1;
}

/** `ssot odoo shadow`: pull each instance's projects and tasks into its shadows. */
async function odooShadow(opts: { instance?: string; full?: boolean; fullEvery: number; json?: boolean }) {
  if (!(opts.fullEvery > 0)) throw new UsageError(`--full-every must be a positive number of hours, got ${opts.fullEvery}`);
  const t = await readyTarget({ bootstrap: false });
  const env = await odooEnv(t.databaseUrl);
  const reports = [];
  for (const inst of await targets(t.databaseUrl, env, opts.instance)) {
    const client = odooClient(inst);
    const r = await guarded(inst.slug, () => withClient(t.databaseUrl, (db) =>
      pullShadow(db, client, { instance: inst.slug, full: !!opts.full, fullEveryMs: opts.fullEvery * 3600 * 1000 })));
    reports.push({ instance: inst.slug, ...r });
    if (!opts.json)
      info(`${inst.slug}: ${r.mode} shadow run ${r.run_id}: ${r.projects} projects, ${r.tasks} tasks pulled; ${r.removed} shadows removed (gone from Odoo)${r.stale ? `, ${r.stale} older than the state held (left)` : ""}`);
  }
  if (opts.json) info(JSON.stringify(reports));
}

/** `ssot odoo drift`: the differences between odoo_seed and the shadows; exit 1 when there is any. */
async function odooDrift(opts: { instance?: string; json?: boolean }) {
  const reader = await readyReader();
  const rows = await withClient(reader.url, async (db) => {
    if (opts.instance && !(await db.query(`select from odoo.instances where slug = $1 and active`, [opts.instance])).rowCount)
      throw new UsageError(`--instance ${opts.instance}: no active row of that slug in odoo.instances`);
    return readDrift(db, { instance: opts.instance });
  });
  if (opts.json) info(JSON.stringify(rows, null, 2));
  else if (rows.length === 0) info(green(`no drift: Odoo matches odoo_seed${opts.instance ? ` in ${opts.instance}` : " in every active instance"}`));
  else {
    for (const r of rows)
      info(`${r.instance} ${r.entity.padEnd(8)} ${r.external_ref.padEnd(24)} ${red(r.kind.padEnd(18))} expected ${JSON.stringify(r.expected)}, Odoo has ${JSON.stringify(r.actual)}${r.odoo_id ? dim(` (id ${r.odoo_id})`) : ""}`);
    info(bold(`${rows.length} difference${rows.length === 1 ? "" : "s"}`));
  }
  process.exitCode = rows.length ? 1 : 0;
}

/** `ssot odoo routes [--enable|--disable ID]` */
async function odooRoutes(opts: { enable?: number; disable?: number; json?: boolean }) {
  const change = opts.enable ?? opts.disable;
  if (opts.enable !== undefined && opts.disable !== undefined) throw new UsageError("--enable and --disable exclude each other");
  if (change !== undefined && (!Number.isInteger(change) || change < 1)) throw new UsageError(`--${opts.enable !== undefined ? "enable" : "disable"} expects a route id (a positive integer)`);
  const t = await readyTarget({ bootstrap: false });
  const rows = await withClient(t.databaseUrl, async (c) => {
    try {
      if (change !== undefined) await setRouteActive(c, change, opts.enable !== undefined);
    } catch (e) {
      if (e instanceof RouteError) throw new UserError(e.message);
      throw e;
    }
    return listRoutes(c);
  });
  if (opts.json) return info(JSON.stringify(rows, null, 2));
  if (rows.length === 0) return info("no routes: add rows to odoo.event_routes (db/seeds, kind odoo_routes)");
  for (const r of rows)
    info(`${String(r.id).padStart(3)} ${(r.active ? green("active  ") : dim("inactive"))} ${r.instance.padEnd(12)} ${r.model.padEnd(16)} ${r.event_type.padEnd(8)} → /webhook/${r.n8n_path}${dim(` (${r.queued_24h} queued in 24 h)`)}`);
}

/** `ssot odoo process`: the webhook worker, until interrupted (or --once). */
async function odooProcess(opts: { once?: boolean; batch: number; lease: number; poll: number; worker?: string; json?: boolean }) {
  for (const k of ["batch", "lease", "poll"] as const)
    if (!Number.isInteger(opts[k]) || opts[k] < 1) throw new UsageError(`--${k} must be a positive integer, got ${opts[k]}`);
  const t = await readyTarget({ bootstrap: false });
  // a database out of reach at the start is an error (exit 2); the worker's reconnect loop is
  // for a server that goes away once it runs
  await withClient(t.databaseUrl, async () => {});
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const worker = opts.worker ?? defaultWorkerName();
  const totals = await runWorker(t.databaseUrl, {
    worker, batch: opts.batch, leaseSeconds: opts.lease, pollMs: opts.poll, once: !!opts.once, signal: ac.signal,
    onBatch: (c) => !opts.json && info(`${worker}: ${c.claimed} claimed, ${c.completed} completed, ${c.failed} failed, ${c.dead} dead, ${c.lost} lost`),
    log: warn,
  });
  if (opts.json) info(JSON.stringify(totals));
  else info(bold(`${totals.claimed} events claimed: ${totals.completed} completed, ${totals.failed} failed, ${totals.dead} dead`));
}

export function registerOdoo(program: Command) {
  const odoo = program.command("odoo").description("the Odoo bridge: push seeds, pull shadows, report drift, process webhook events");

  odoo
    .command("seed")
    .description("push odoo_seed.projects/tasks to each active Odoo instance (or --instance) over JSON-RPC (ODOO_USER, ODOO_PASSWORD); exit 1 if a record failed")
    .option("--instance <slug>", "only this odoo.instances row (default: every active one, each at its base_url and database unless ODOO_URL/ODOO_DB are set)")
    .option("--dry-run", "print what would be created or written; read Odoo and the database, write neither")
    .option("--json", "machine-readable report: one object per instance")
    .action(odooSeed);

  odoo
    .command("shadow")
    .description("pull each active Odoo instance's (or --instance's) projects and tasks with an x_external_ref into its odoo_seed.shadow_*")
    .option("--instance <slug>", "only this odoo.instances row (default: every active one)")
    .option("--full", "read every record and remove shadows of records deleted in Odoo (default: incremental by write_date)")
    .option("--full-every <hours>", "pull in full when the last full pull is older than this", (v) => Number(v), 24)
    .option("--json", "machine-readable report: one object per instance")
    .action(odooShadow);

  odoo
    .command("drift")
    .description("print the differences between odoo_seed and the shadows of each active Odoo instance (or --instance); exit 1 if there is any (for CI)")
    .option("--instance <slug>", "only this odoo.instances row (default: every active one)")
    .option("--json", "machine-readable output (a JSON array; every row names its instance)")
    .action(odooDrift);

  odoo
    .command("routes")
    .description("list the routes of processed Odoo events to n8n (odoo.event_routes); --enable/--disable ID turns one on or off")
    .option("--enable <id>", "activate a route", (v) => Number(v))
    .option("--disable <id>", "deactivate a route", (v) => Number(v))
    .option("--json", "machine-readable output (a JSON array)")
    .action(odooRoutes);

  odoo
    .command("process")
    .description("run a webhook worker: claim events (skip locked), project them into shadows and mirror, retry with backoff")
    .option("--once", "stop when no event is due (default: keep polling until interrupted)")
    .option("--batch <n>", "events per claim", (v) => Number(v), 50)
    .option("--lease <seconds>", "how long a claim holds before another worker may reclaim it", (v) => Number(v), 300)
    .option("--poll <ms>", "wait between empty claims", (v) => Number(v), 1000)
    .option("--worker <name>", "worker name recorded on claims (default host:pid:random)")
    .option("--json", "print the totals as JSON at the end")
    .action(odooProcess);
}
