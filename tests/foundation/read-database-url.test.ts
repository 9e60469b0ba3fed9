// READ_DATABASE_URL: the readers (`ssot report`, `ssot odoo drift`, `ssot rag search`) read from a
// read replica when it is set. The replica here is a real hot standby of a scratch cluster
// (streaming replication), and DATABASE_URL points at a port nobody listens on, so a reader that
// touched the primary would fail.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { runCliAsync } from "../../src/testrun/run-cli.ts";
import { createScratchCluster, freePort, type ScratchCluster } from "../support/scratch.ts";
import { createStandby, type Standby } from "../support/standby.ts";

let primary: ScratchCluster;
let standby: Standby;
let nowhere: string;
let tmp: string;

beforeAll(async () => {
  primary = await createScratchCluster();
  standby = await createStandby(primary);
  nowhere = `postgres://postgres:x@127.0.0.1:${await freePort()}/scratch`;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-replica-"));
  fs.mkdirSync(path.join(tmp, "docs"));
  fs.writeFileSync(path.join(tmp, "docs", "replica.md"), "# Read replicas\n\nThe quarterly reconciliation of intercompany balances runs on the replica.\n");
  const ingest = await runCliAsync(["rag", "ingest", path.join(tmp, "docs"), "--embedder", "offline"], { env: { DATABASE_URL: primary.url, ROOT_DATABASE_URL: primary.url } });
  expect(ingest.code, ingest.err).toBe(0);
  await standby.catchUp();
}, 180_000);
afterAll(() => {
  standby?.destroy();
  primary?.destroy();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const onReplica = (args: string[]) => runCliAsync(args, { env: { DATABASE_URL: nowhere, ROOT_DATABASE_URL: nowhere, READ_DATABASE_URL: standby.url } });

it("the replica is a hot standby: it refuses writes", async () => {
  await withClient(standby.url, async (c) => {
    expect((await c.query(`select pg_catalog.pg_is_in_recovery() as r`)).rows[0].r).toBe(true);
    await expect(c.query(`select ops.emit('test', 'test.write')`)).rejects.toMatchObject({ code: "25006" });
  });
});

it("ssot rag search reads the replica", async () => {
  const r = await onReplica(["rag", "search", "intercompany reconciliation", "--embedder", "offline", "--json"]);
  expect(r.code, r.err).toBe(0);
  const hits = JSON.parse(r.out) as { source: string; content: string }[];
  expect(hits[0]!.content).toContain("intercompany balances");
  // and without READ_DATABASE_URL it goes to DATABASE_URL (here: nobody), so the line above proves the routing
  const direct = await runCliAsync(["rag", "search", "intercompany", "--embedder", "offline"], { env: { DATABASE_URL: nowhere, ROOT_DATABASE_URL: nowhere } });
  expect(direct.code).not.toBe(0);
});

it("ssot report reads the replica (a READ ONLY transaction works on a standby) and says so", async () => {
  const out = path.join(tmp, "r.html");
  const r = await onReplica(["report", "--out", out]);
  expect(r.code, r.err).toBe(0);
  expect(r.out.trim()).toBe(`ssot report: wrote ${out} (doctor ok; read from READ_DATABASE_URL)`);
  const html = fs.readFileSync(out, "utf8");
  expect(html).toContain(`127.0.0.1:${standby.cluster.port}/scratch`);
  expect(html).not.toContain("data-unavailable");
});

it("ssot odoo drift reads the replica, with the same answer as the primary", async () => {
  const replica = await onReplica(["odoo", "drift", "--json"]);
  const direct = await runCliAsync(["odoo", "drift", "--json"], { env: { DATABASE_URL: primary.url, ROOT_DATABASE_URL: primary.url } });
  expect(replica.err).toBe("");
  expect(replica.code).toBe(direct.code);
  expect(JSON.parse(replica.out)).toEqual(JSON.parse(direct.out));
});

it("a READ_DATABASE_URL that does not parse is refused naming the variable (exit 78)", async () => {
  const r = await runCliAsync(["report"], { env: { READ_DATABASE_URL: "mysql://nope" } });
  expect(r.code).toBe(78);
  expect(r.err).toContain("READ_DATABASE_URL");
});
