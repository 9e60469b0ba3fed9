// Two checkouts on one machine: a port held by someone else moves a cluster to a free one (and
// every URL follows), a cluster whose checkout was cloned again still opens with the password kept
// beside its data, `ssot db stop --all` stops every cluster of a checkout, and `ssot test` ends with
// its summary line even when the test cluster cannot start.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { LocalCluster, type ClusterSpec } from "../../src/cluster/local.ts";
import { loadEnv } from "../../src/config/env.ts";
import { withClient } from "../../src/db/client.ts";
import { freePort } from "../support/scratch.ts";
import { runCli } from "../../src/testrun/run-cli.ts";

const env = loadEnv();
const homes: string[] = [];
const clusters: LocalCluster[] = [];

/** A fresh state folder, as a new clone has (mkdtemp: 0700, so as root the data is relocated). */
function newHome(): string {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-ports-"));
  homes.push(h);
  return h;
}

function cluster(spec: Partial<ClusterSpec> & { name: string; preferredPort: number; home: string }): LocalCluster {
  const c = new LocalCluster({ cronDatabase: "postgres", pgBin: env.SSOT_PG_BIN, ...spec });
  clusters.push(c);
  return c;
}

const showPort = (c: LocalCluster) => withClient(c.url("postgres"), async (k) => Number((await k.query(`show port`)).rows[0].port));

/** Deletes everything in `home` except `keep` (and the folders leading to it). */
function deleteAllBut(home: string, keep: string) {
  for (const e of fs.readdirSync(home)) {
    const p = path.join(home, e);
    if (keep === p || keep.startsWith(p + path.sep)) {
      if (keep !== p) deleteAllBut(p, keep);
    } else fs.rmSync(p, { recursive: true, force: true });
  }
}

const ssot = (args: string[], home: string, extra: Record<string, string> = {}) =>
  runCli(args, { inherit: true, env: { SSOT_HOME: home, ...extra, DATABASE_URL: undefined } });

afterAll(() => {
  for (const c of clusters) {
    c.stop("immediate");
    fs.rmSync(c.dir, { recursive: true, force: true });
    try { fs.rmdirSync(path.dirname(c.dir)); } catch { /* not empty, or gone: the home goes below */ }
  }
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

describe("a port held by someone else", () => {
  it("starts the cluster on a free port, says so, and every URL carries the real port", async () => {
    const held = await freePort();
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(held, "127.0.0.1", () => r()));
    const said: string[] = [];
    try {
      const home = newHome();
      const c = cluster({ name: "test", preferredPort: held, home, say: (l) => said.push(l) });
      c.start();
      expect(c.port).not.toBe(held);
      expect(await showPort(c)).toBe(c.port);
      expect(said).toEqual([`port ${held} is in use (another checkout's cluster?); the test cluster uses ${c.port}`]);
      // another process of the same checkout finds the same port in the cluster's config
      const again = new LocalCluster({ ...c.spec, say: (l) => said.push(l) });
      again.start();
      expect(new URL(again.url("postgres")).port).toBe(String(c.port));
      expect(said).toHaveLength(1);
    } finally {
      holder.close();
    }
  });
});

describe("a checkout cloned again at the same path", () => {
  it("still opens the cluster that lives on, with the password kept beside its data", async () => {
    const home = newHome();
    const first = cluster({ name: "test", preferredPort: await freePort(), home, disposable: true });
    first.start();
    await withClient(first.url("postgres"), (k) => k.query(`create database left_by_the_first_clone`));
    deleteAllBut(home, first.dir);
    const said: string[] = [];
    const second = cluster({ name: "test", preferredPort: first.spec.preferredPort, home, disposable: true, say: (l) => said.push(l) });
    expect(second.dir).toBe(first.dir);
    second.start();
    const dbs = await withClient(second.url("postgres"), async (k) => (await k.query(`select datname from pg_database where datname = 'left_by_the_first_clone'`)).rowCount);
    expect(dbs).toBe(1);
    expect(said).toEqual([]);
  });

  it("makes a test cluster again when its password does not open its data, and refuses for a dev cluster", async () => {
    const home = newHome();
    const said: string[] = [];
    const test = cluster({ name: "test", preferredPort: await freePort(), home, disposable: true, say: (l) => said.push(l) });
    test.start();
    fs.writeFileSync(test.passwordFile, "not-the-password\n");
    new LocalCluster(test.spec).start();
    expect(said).toEqual([expect.stringMatching(/^the test cluster in .* does not accept the password in .*: made it again$/)]);
    expect(await showPort(test)).toBe(test.port);

    const dev = cluster({ name: "dev", preferredPort: await freePort(), home });
    dev.start();
    fs.writeFileSync(dev.passwordFile, "not-the-password\n");
    expect(() => new LocalCluster(dev.spec).start()).toThrowError(/^the dev cluster in .* does not accept the password in .*: put back the password/);
    expect(dev.isInitialised()).toBe(true);
  });
});

describe("ssot db stop --all", () => {
  it("stops every cluster of this checkout, whatever its name", async () => {
    const home = newHome();
    const all = ["dev", "test", `other-${randomBytes(2).toString("hex")}`];
    for (const name of all) cluster({ name, preferredPort: await freePort(), home }).start();
    const status = ssot(["db", "status", "--all", "--json"], home);
    expect(status.code).toBe(0);
    const listed = JSON.parse(status.out) as Array<{ name: string; running: boolean }>;
    expect(listed.map((s) => [s.name, s.running])).toEqual(all.sort().map((n) => [n, true]));

    const r = ssot(["db", "stop", "--all"], home);
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n").map((l) => l.replace(/ \(port \d+\)$/, ""))).toEqual(all.sort().map((n) => `stopped the ${n} cluster`));
    const after = clusters.filter((c) => c.spec.home === home).map((c) => c.isRunning());
    expect(after).toEqual([false, false, false]);
  });
});

describe("ssot test when the test cluster cannot start", () => {
  it("prints one error line, then the summary line, and exits non-zero", async () => {
    const home = newHome();
    const port = await freePort();
    const broken = cluster({ name: "test", preferredPort: port, home });
    broken.init();
    fs.appendFileSync(path.join(broken.dataDir, "ssot.conf"), "shared_buffers = 'plenty'\n");
    const r = ssot(["test", "no-such-test-file.ts"], home, { SSOT_TEST_PORT: String(port) });
    expect(r.code).toBe(1);
    expect(r.err.trim().split("\n")).toEqual([
      expect.stringMatching(/^ssot: could not start the test cluster on port \d+: FATAL: .*ssot\.conf.* \(log: .*server\.log\)$/),
    ]);
    expect(r.out.trim().split("\n").at(-1)).toBe("tests: 0 passed, 1 failed");
  });
});
