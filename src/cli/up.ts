// `ssot up` (npm start): provision, start, bootstrap, migrate, definitions, seeds, then a status.
import type { Command } from "commander";
import { redact, withClient } from "../db/client.ts";
import { cronSchedulerStoppedHint, ensureCronScheduler } from "../cron/scheduler.ts";
import { applyDefinitions } from "../definitions/apply.ts";
import { runMigrate } from "../migrations/migrate.ts";
import { loadSeeds } from "../seeds/load.ts";
import { runDoctor } from "../advisor/doctor.ts";
import { readyTarget } from "./context.ts";
import { printDrops } from "./migrate.ts";
import { bold, dim, info, warn } from "./out.ts";

export interface UpStatus {
  server: string;
  url: string;
  extensions: Record<string, string>;
  schemas: string[];
  migrations: number;
  definitions: { applied: number; unchanged: number };
  seeds: { inserted: number; updated: number };
  doctor: { pass: number; fail: number; warn: number; manual: number; failedCritical: number };
}

export async function up(opts: { quiet?: boolean; json?: boolean } = {}): Promise<UpStatus> {
  const t = await readyTarget();
  // a scheduler stopped by an earlier drop of its database (e.g. `ssot reset` before it restarted)
  const cron = await ensureCronScheduler(t.rootUrl, t.cluster);
  if (cron === "restarted" && !opts.quiet && !opts.json) info("restarted the cluster: pg_cron's scheduler had stopped (its database was dropped)");
  if (cron === "stopped") warn(cronSchedulerStoppedHint);
  await runMigrate(t);
  const defs = await applyDefinitions(t.databaseUrl);
  if (!opts.json) printDrops(defs);
  const seeds = await loadSeeds(t.databaseUrl);
  const status = await withClient(t.databaseUrl, async (c) => {
    const server = (await c.query(`select current_setting('server_version') as v`)).rows[0].v as string;
    const ext = await c.query(`select extname, extversion from pg_extension where extname <> 'plpgsql' order by extname`);
    const schemas = await c.query(
      `select nspname from pg_namespace where nspname !~ '^(pg_|information_schema$)' order by nspname`,
    );
    const mig = await c.query(`select count(*)::int as n from graphile_migrate.migrations`);
    const doc = await runDoctor(c);
    return {
      server,
      url: redact(t.databaseUrl), // the password only through `ssot db url`
      extensions: Object.fromEntries(ext.rows.map((r) => [r.extname, r.extversion])),
      schemas: schemas.rows.map((r) => r.nspname as string),
      migrations: mig.rows[0].n as number,
      definitions: { applied: defs.applied.length, unchanged: defs.skipped.length },
      seeds: seeds.reduce((a, s) => ({ inserted: a.inserted + s.inserted, updated: a.updated + s.updated }), { inserted: 0, updated: 0 }),
      doctor: { ...doc.counts, failedCritical: doc.failedCritical },
    };
  });
  if (opts.json) info(JSON.stringify(status, null, 2));
  else if (!opts.quiet) printStatus(status);
  return status;
}

function printStatus(s: UpStatus) {
  info(bold("ssot is up"));
  info(`  PostgreSQL   ${s.server}`);
  info(`  extensions   ${Object.entries(s.extensions).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  info(`  schemas      ${s.schemas.join(", ")}`);
  info(`  migrations   ${s.migrations} applied`);
  info(`  definitions  ${s.definitions.applied} applied, ${s.definitions.unchanged} unchanged`);
  info(`  seeds        ${s.seeds.inserted} inserted, ${s.seeds.updated} updated`);
  const d = s.doctor;
  info(`  doctor       ${d.pass} pass, ${d.fail} fail, ${d.warn} warn, ${d.manual} manual${d.failedCritical ? ` (${d.failedCritical} Critical failed: npx ssot doctor)` : ""}`);
  info(`  url          ${s.url}  ${dim("(with its password: npx ssot db url)")}`);
  info(dim("next: npx ssot doctor · npx ssot check · npx ssot db psql · npm run db:watch (edit db/migrations/current.sql) · npm test · npx ssot --help"));
}

export function registerUp(program: Command) {
  program
    .command("up")
    .description("provision if needed, start the cluster, migrate, apply definitions, load seeds, print a status")
    .option("--json", "print the status as JSON")
    .action(async (opts) => {
      await up({ json: !!opts.json });
    });
}
