// `ssot cron list|enable NAME|disable NAME`: the jobs db/cron declares, as ops.cron_job_health
// shows them; enabling flips ops.cron_jobs.enabled and reconciles pg_cron (cron.alter_job).
import type { Command } from "commander";
import { cronJobHealth, setCronEnabled } from "../cron/jobs.ts";
import { withClient } from "../db/client.ts";
import { readyTarget } from "./context.ts";
import { userErrorFromSql } from "./errors.ts";
import { bold, dim, info, red } from "./out.ts";

async function setEnabled(name: string, enabled: boolean) {
  const t = await readyTarget();
  await withClient(t.databaseUrl, (c) =>
    setCronEnabled(c, name, enabled).catch((e) => {
      throw userErrorFromSql(e);
    }),
  );
  info(`${name}: ${enabled ? "enabled" : "disabled"}`);
}

export function registerCron(program: Command) {
  const cron = program.command("cron").description("pg_cron jobs declared in db/cron (reconciled by name)");
  cron
    .command("list")
    .description("declared jobs: UTC schedule, Manila time, enabled, last run and status, failures, missed runs")
    .option("--json", "machine-readable output")
    .action(async (opts) => {
      const t = await readyTarget();
      const rows = await withClient(t.databaseUrl, cronJobHealth);
      if (opts.json) return info(JSON.stringify(rows));
      const w = Math.max(4, ...rows.map((r) => r.name.length));
      info(bold(`${"name".padEnd(w)}  ${"UTC".padEnd(13)}  ${"Manila".padEnd(26)}  ${"state".padEnd(8)}  last run`));
      for (const r of rows) {
        const state = r.enabled ? (r.scheduled ? "enabled" : "enabled*") : "ready";
        const last = r.last_run ? `${r.last_run} ${r.last_status}` : dim("never");
        const fails = r.consecutive_failures > 0 ? red(` ${r.consecutive_failures} failures in a row`) : "";
        const missed = r.missed_while_down > 0 ? red(` ${r.missed_while_down} missed while down`) : "";
        info(`${r.name.padEnd(w)}  ${r.schedule.padEnd(13)}  ${r.local_time.padEnd(26)}  ${state.padEnd(8)}  ${last}${fails}${missed}${r.silent ? red(" silent") : ""}`);
      }
      if (rows.some((r) => r.enabled && !r.scheduled)) info(dim("* enabled but not in pg_cron: this database is not cron.database_name"));
    });
  cron
    .command("enable")
    .description("enable a declared job (it runs on its schedule from now on)")
    .argument("<name>")
    .action((name: string) => setEnabled(name, true));
  cron
    .command("disable")
    .description("disable a declared job (kept in pg_cron, inactive)")
    .argument("<name>")
    .action((name: string) => setEnabled(name, false));
}
