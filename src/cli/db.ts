// `ssot db start|stop|status|reset|psql|url`: the embedded dev cluster.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Command } from "commander";
import { devCluster } from "../db/targets.ts";
import { env, ensureDatabase, readyTarget, currentTarget } from "./context.ts";
import { info, UserError } from "./out.ts";
import { ensureProvisioned } from "./provision.ts";

function localOnly() {
  const e = env();
  if (e.DATABASE_URL) throw new UserError("DATABASE_URL is set: the embedded cluster is not in use (unset it to manage the local cluster)");
  return { e, cluster: devCluster(e) };
}

export function registerDb(program: Command) {
  const db = program.command("db").description("manage the embedded PostgreSQL cluster");

  db.command("start")
    .description("start the cluster (initialising it on first use)")
    .action(async () => {
      const { e, cluster } = localOnly();
      ensureProvisioned();
      cluster.start();
      await ensureDatabase(cluster, e.SSOT_DB_NAME);
      info(`running on port ${cluster.spec.port} (data in ${cluster.dataDir})`);
    });

  db.command("stop")
    .description("stop the cluster")
    .action(() => {
      const { cluster } = localOnly();
      cluster.stop();
      info("stopped");
    });

  db.command("status")
    .description("say whether the cluster runs; exit 3 when it does not")
    .option("--json", "machine-readable output")
    .action((opts) => {
      const { cluster } = localOnly();
      const running = cluster.isRunning();
      const s = { running, initialised: cluster.isInitialised(), port: cluster.spec.port, dataDir: cluster.dataDir };
      if (opts.json) info(JSON.stringify(s));
      else info(running ? `running on port ${s.port} (data in ${s.dataDir})` : s.initialised ? "stopped" : "not initialised");
      if (!running) process.exitCode = 3;
    });

  db.command("reset")
    .description("delete the cluster's data and start a new one, migrated and seeded (`ssot up`)")
    .action(async () => {
      const { cluster } = localOnly();
      cluster.destroy();
      const { up } = await import("./up.ts");
      await up({ quiet: false });
    });

  db.command("psql")
    .description("open psql on the dev database (extra arguments go to psql)")
    .allowUnknownOption(true)
    .argument("[args...]")
    .action(async (args: string[]) => {
      const t = await readyTarget({ bootstrap: false });
      const psql = t.cluster ? path.join(t.cluster.spec.pgBin, "psql") : "psql";
      const r = spawnSync(psql, [t.databaseUrl, ...args], { stdio: "inherit" });
      process.exitCode = r.status ?? 1;
    });

  db.command("url")
    .description("print the connection string of the dev database, and nothing else")
    .action(() => {
      const t = currentTarget();
      if (t.cluster && !t.cluster.isRunning()) throw new UserError("the cluster is not running (npm start, or ssot db start)");
      info(t.databaseUrl);
    });
}
