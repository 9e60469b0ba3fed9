// A real hot standby of a scratch cluster: pg_basebackup with streaming replication (-R writes
// primary_conninfo and standby.signal), started on a port of its own. Read-only, as a read replica
// of a Supabase project is.
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { LocalCluster } from "../../src/cluster/local.ts";
import { loadEnv } from "../../src/config/env.ts";
import { withClient } from "../../src/db/client.ts";
import { freePort, type ScratchCluster } from "./scratch.ts";
import { waitFor } from "./wait.ts";

export interface Standby {
  cluster: LocalCluster;
  /** the standby's copy of the primary's `scratch` database */
  url: string;
  /** waits until the standby has replayed everything the primary has written so far */
  catchUp(): Promise<void>;
  destroy(): void;
}

const isRoot = () => process.getuid?.() === 0;

export async function createStandby(primary: ScratchCluster): Promise<Standby> {
  const env = loadEnv();
  const port = await freePort();
  const cluster = new LocalCluster({
    name: `scratch-standby-${port}-${randomBytes(3).toString("hex")}`, preferredPort: port, cronDatabase: "scratch", pgBin: env.SSOT_PG_BIN, home: env.SSOT_HOME, disposable: true,
  });
  // the copy keeps the primary's roles, so its superuser password too
  fs.writeFileSync(cluster.passwordFile, primary.cluster.password + "\n", { mode: 0o600 });
  const source = `postgres://postgres:${encodeURIComponent(primary.cluster.password)}@127.0.0.1:${primary.cluster.port}/postgres`;
  const args = [path.join(env.SSOT_PG_BIN, "pg_basebackup"), "-D", cluster.dataDir, "-R", "-X", "stream", "-c", "fast", "-d", source];
  const r = isRoot() ? spawnSync("runuser", ["-u", "postgres", "--", ...args], { encoding: "utf8" }) : spawnSync(args[0]!, args.slice(1), { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pg_basebackup failed: ${r.stderr}`);
  // its own socket folder (the copied settings name the primary's)
  fs.mkdirSync(cluster.socketDir, { recursive: true });
  if (isRoot()) execFileSync("chown", ["postgres:postgres", cluster.socketDir]);
  const conf = path.join(cluster.dataDir, "ssot.conf");
  fs.writeFileSync(conf, fs.readFileSync(conf, "utf8").replace(/^unix_socket_directories = .*$/m, `unix_socket_directories = '${cluster.socketDir}'`));
  cluster.start();
  const url = cluster.url("scratch");
  return {
    cluster,
    url,
    async catchUp() {
      const target = await withClient(primary.url, async (c) => (await c.query(`select pg_catalog.pg_current_wal_lsn()::text as lsn`)).rows[0].lsn as string);
      await waitFor("the standby to replay the primary's writes", () => withClient(url, async (c) =>
        (await c.query(`select pg_catalog.pg_last_wal_replay_lsn() >= $1::pg_lsn as done`, [target])).rows[0].done === true));
    },
    destroy() {
      cluster.stop("immediate");
      fs.rmSync(cluster.dir, { recursive: true, force: true });
    },
  };
}
