// `ssot db start|stop|status|reset|psql|url`: the embedded dev cluster; `stop --all` and
// `status --all` also cover the test cluster and any other cluster this checkout started.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Command } from "commander";
import type { LocalCluster } from "../cluster/local.ts";
import { checkoutClusters, devCluster } from "../cluster/targets.ts";
import { env, ensureDatabase, readyTarget, currentTarget } from "./context.ts";
import { EXIT, info, UsageError, UserError } from "./out.ts";
import { ensureProvisioned } from "./provision.ts";

function describe(c: LocalCluster) {
  const running = c.isRunning();
  return { name: c.spec.name, running, initialised: c.isInitialised(), port: c.port, dataDir: c.dataDir };
}

function localOnly() {
  const e = env();
  if (e.DATABASE_URL) throw new UsageError("DATABASE_URL is set: the embedded cluster is not in use (unset it to manage the local cluster)");
  return { e, cluster: devCluster(e) };
}

/** `ssot db stop [--all]` */
function stopClusters(opts: { all?: boolean }) {
  const { e, cluster } = localOnly();
  if (!opts.all) {
    cluster.stop();
    info("stopped");
    return;
  }
  const running = checkoutClusters(e).filter((c) => c.isRunning());
  for (const c of running) {
    c.stop();
    info(`stopped the ${c.spec.name} cluster (port ${c.port})`);
  }
  if (running.length === 0) info("no cluster of this checkout was running");
}

/** `ssot db status [--all] [--json]` */
function clusterStatus(opts: { all?: boolean; json?: boolean }) {
  const { e, cluster } = localOnly();
  if (opts.all) {
    const all = checkoutClusters(e).map(describe);
    if (opts.json) info(JSON.stringify(all));
    else for (const s of all) info(`${s.name}: ${s.running ? `running on port ${s.port}` : "stopped"} (data in ${s.dataDir})`);
    return;
  }
  const s = describe(cluster);
  if (opts.json) info(JSON.stringify(s));
  else info(s.running ? `running on port ${s.port} (data in ${s.dataDir})` : s.initialised ? "stopped" : "not initialised");
  if (!s.running) process.exitCode = EXIT.notRunning;
}

/** `ssot db psql [args...]` */
async function openPsql(args: string[]) {
  const t = await readyTarget({ bootstrap: false });
  const psql = t.cluster ? path.join(t.cluster.spec.pgBin, "psql") : "psql";
  // the password goes through the environment, not psql's argument list (which `ps` shows)
  const u = new URL(t.databaseUrl);
  const password = decodeURIComponent(u.password);
  u.password = "";
  const r = spawnSync(psql, [u.toString(), ...args], { stdio: "inherit", env: password ? { ...process.env, PGPASSWORD: password } : process.env });
  process.exitCode = r.status ?? 1;
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
      info(`running on port ${cluster.port} (data in ${cluster.dataDir})`);
    });

  db.command("stop")
    .description("stop the cluster; --all: every cluster this checkout started (dev, test and any other)")
    .option("--all", "also the test cluster and any other cluster of this checkout")
    .action(stopClusters);

  db.command("status")
    .description("say whether the cluster runs; exit 3 when it does not; --all lists every cluster of this checkout")
    .option("--json", "machine-readable output")
    .option("--all", "every cluster this checkout has (dev, test and any other), one line each; never exits 3")
    .action(clusterStatus);

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
    .action(openPsql);

  db.command("url")
    .description("print the connection string of the dev database, password included, and nothing else (e.g. psql \"$(npx ssot db url)\")")
    .action(() => {
      const t = currentTarget();
      if (t.cluster && !t.cluster.isRunning()) throw new UserError("the cluster is not running (npm start, or ssot db start)", EXIT.notRunning);
      // the one output that is the password: written as is, not through info()'s mask
      process.stdout.write(t.databaseUrl + "\n");
    });
}
