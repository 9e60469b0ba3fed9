// The embedded cluster follows its configured port: a stopped cluster moves to a new SSOT_PORT on
// start; a running one on another port is reported instead of being silently used.
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { LocalCluster } from "../../src/cluster/local.ts";
import { loadEnv } from "../../src/config/env.ts";
import { withClient } from "../../src/db/client.ts";
import { requireTestEnv } from "../../src/testrun/cluster.ts";

const env = loadEnv();
const name = `porttest-${randomBytes(3).toString("hex")}`;
const base = requireTestEnv().port + 11;
const at = (port: number) => new LocalCluster({ name, preferredPort: port, cronDatabase: "postgres", pgBin: env.SSOT_PG_BIN, home: env.SSOT_HOME });
const first = at(base);

afterAll(() => {
  first.stop("immediate");
  fs.rmSync(first.dir, { recursive: true, force: true });
});

describe("local cluster ports", () => {
  it("starts on its port and answers there", async () => {
    first.start();
    const port = await withClient(first.url("postgres"), async (c) => (await c.query(`show port`)).rows[0].port);
    expect(Number(port)).toBe(base);
  });

  it("refuses to pretend a running cluster is on another port", () => {
    expect(() => at(base + 1).start()).toThrowError(/runs on port \d+, not \d+: stop it first/);
  });

  it("moves a stopped cluster to the new port", async () => {
    first.stop();
    const moved = at(base + 1);
    moved.start();
    const port = await withClient(moved.url("postgres"), async (c) => (await c.query(`show port`)).rows[0].port);
    expect(Number(port)).toBe(base + 1);
    moved.stop();
  });
});
