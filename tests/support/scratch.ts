// A throwaway cluster for tests that stop, crash or restart the server (the shared test cluster
// serves other test files at the same time). It is bootstrapped and migrated like the template.
import fs from "node:fs";
import net from "node:net";
import { randomBytes } from "node:crypto";
import { LocalCluster } from "../../src/cluster/local.ts";
import { loadEnv } from "../../src/config/env.ts";
import { bootstrap } from "../../src/bootstrap/bootstrap.ts";
import { withClient } from "../../src/db/client.ts";
import { applyDefinitions } from "../../src/definitions/apply.ts";
import { runMigrate } from "../../src/migrations/migrate.ts";

export interface ScratchCluster {
  cluster: LocalCluster;
  url: string;
  destroy(): void;
}

/** A TCP port nobody listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A fresh cluster (on `port`, else a free one) with a migrated database `scratch` (pg_cron lives there). */
export async function createScratchCluster(port?: number): Promise<ScratchCluster> {
  port ??= await freePort();
  const env = loadEnv();
  const cluster = new LocalCluster({
    name: `scratch-${port}-${randomBytes(3).toString("hex")}`, preferredPort: port, cronDatabase: "scratch", pgBin: env.SSOT_PG_BIN, home: env.SSOT_HOME, disposable: true,
  });
  cluster.start();
  await withClient(cluster.url("postgres"), (c) => c.query(`create database scratch`));
  const url = cluster.url("scratch");
  await bootstrap(url);
  await runMigrate({ databaseUrl: url, rootUrl: cluster.url("postgres"), cluster });
  await applyDefinitions(url);
  return {
    cluster,
    url,
    destroy: () => {
      cluster.stop("immediate");
      fs.rmSync(cluster.dir, { recursive: true, force: true });
    },
  };
}
