// Migrations and definitions: `ssot migrate|reset|status|commit|dev`.
import path from "node:path";
import chokidar from "chokidar";
import type { Command } from "commander";
import { dbDir } from "../cluster/paths.ts";
import { cronSchedulerStoppedHint } from "../cron/scheduler.ts";
import { applyDefinitions, type ApplyReport } from "../definitions/apply.ts";
import { DEFINITION_GROUPS } from "../definitions/files.ts";
import { runCommit, runMigrate, runReset, runStatus, runWatch } from "../migrations/migrate.ts";
import { readyTarget } from "./context.ts";
import { dim, info, UsageError, warn } from "./out.ts";

/** What the definitions applier dropped because its file no longer creates it, and what it could not. */
export function printDrops(r: ApplyReport) {
  for (const d of r.dropped) info(`dropped ${d} (its definition file no longer creates it)`);
  for (const d of r.dropFailed) warn(`could not drop ${d}: drop it in a migration`);
}

/** `ssot reset [--erase] [--shadow]` */
async function resetDatabase(opts: { erase?: boolean; shadow?: boolean }) {
  const t = await readyTarget({ bootstrap: false });
  if (!t.cluster && !opts.erase) throw new UsageError("refusing to reset a database that is not the embedded cluster without --erase");
  const cron = await runReset(t, { shadow: !!opts.shadow });
  if (cron === "restarted") info("restarted the cluster: dropping the database stopped pg_cron's scheduler");
  if (cron === "stopped") warn(cronSchedulerStoppedHint);
  info("reset done");
}

/** `ssot status [--json]`: exits 1 while committed migrations remain to run. */
async function migrationStatus(opts: { json?: boolean }) {
  const t = await readyTarget();
  const s = await runStatus(t);
  if (opts.json) info(JSON.stringify(s));
  else {
    info(`remaining committed migrations: ${s.remainingMigrations?.length ?? 0}`);
    info(`current.sql has content: ${s.hasCurrentMigration ? "yes" : "no"}`);
  }
  if ((s.remainingMigrations?.length ?? 0) > 0) process.exitCode = 1;
}

export function registerMigrate(program: Command) {
  program
    .command("migrate")
    .description("run committed migrations, then apply changed definitions (db/functions, db/policies, db/cron)")
    .action(async () => {
      const t = await readyTarget();
      await runMigrate(t);
      const r = await applyDefinitions(t.databaseUrl);
      info(`definitions: ${r.applied.length} applied, ${r.skipped.length} unchanged${r.cronSkipped ? " (db/cron skipped: no pg_cron here)" : ""}`);
      printDrops(r);
    });

  program
    .command("reset")
    .description("drop and recreate the dev database, bootstrap it and run every migration (destroys its data)")
    .option("--erase", "required when the target is not the embedded cluster")
    .option("--shadow", "reset the shadow database instead")
    .action(resetDatabase);

  program
    .command("status")
    .description("graphile-migrate's status: committed migrations not yet applied, and whether current.sql has content")
    .option("--json", "machine-readable output")
    .action(migrationStatus);

  program
    .command("commit")
    .description("commit current.sql as the next migration (graphile-migrate commit)")
    .option("-m, --message <text>", "a message recorded in the migration header")
    .action(async (opts) => {
      const t = await readyTarget();
      await runCommit(t, opts.message);
    });

  program
    .command("dev")
    .description("graphile-migrate watch, and re-apply a definition file the moment it is saved")
    .option("--once", "run current.sql and the definitions once, then exit")
    .action(async (opts) => {
      const t = await readyTarget();
      if (opts.once) {
        await runWatch(t, true);
        printDrops(await applyDefinitions(t.databaseUrl));
        return;
      }
      const dirs = DEFINITION_GROUPS.map((g) => path.join(dbDir, g));
      let pending: NodeJS.Timeout | undefined;
      const watcher = chokidar.watch(dirs, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 80, pollInterval: 20 } });
      watcher.on("all", (_event, file) => {
        if (!file.endsWith(".sql")) return;
        clearTimeout(pending);
        pending = setTimeout(async () => {
          try {
            const r = await applyDefinitions(t.databaseUrl);
            info(`${dim(new Date().toISOString())} definitions: ${r.applied.length ? r.applied.join(", ") : r.dropped.length || r.dropFailed.length ? "a file was removed" : "nothing changed"}`);
            printDrops(r);
          } catch (e) {
            warn(`definitions: ${(e as Error).message}`);
          }
        }, 50);
      });
      await new Promise<void>((resolve) => watcher.on("ready", () => resolve()));
      info(`watching db/migrations/current.sql and ${DEFINITION_GROUPS.map((g) => `db/${g}`).join(", ")} (ctrl-c to stop)`);
      await runWatch(t, false);
    });
}
