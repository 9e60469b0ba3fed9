// Jobs are data: deleting the db/cron file that declared a job removes the job from the registry
// and from pg_cron on the next apply; jobs scheduled by hand are left alone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { applyDefinitions } from "../../src/definitions/apply.ts";
import { requireTestEnv } from "../../src/testrun/cluster.ts";
import { createScratchCluster, type ScratchCluster } from "../support/scratch.ts";

let scratch: ScratchCluster;
const root = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-cron-prune-"));
const declare = (name: string) =>
  `select ops.cron_declare(name => '${name}', schedule => '0 3 * * *', local_time => 'daily 11:00 Asia/Manila',
     command => $$select 1$$, description => 'prune test job', kind => 'housekeeping', enabled_by_default => true);`;

function put(rel: string, sql: string) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), sql);
}
const jobs = () =>
  withClient(scratch.url, async (c) => ({
    registry: (await c.query(`select name, declared_in from ops.cron_jobs where name like 'zz-%' order by name`)).rows,
    pgcron: (await c.query(`select jobname::text as name, active from cron.job where jobname like 'zz-%' order by jobname`)).rows,
  }));

beforeAll(async () => {
  scratch = await createScratchCluster(requireTestEnv().port + 13);
  put("cron/zz-a.sql", declare("zz-a"));
  put("cron/zz-b.sql", declare("zz-b"));
});
afterAll(() => {
  scratch?.destroy();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("cron jobs follow their files", () => {
  it("declares a job per file and records the file", async () => {
    const r = await applyDefinitions(scratch.url, { root });
    expect(r.cronSkipped).toBe(false);
    expect(await jobs()).toEqual({
      registry: [
        { name: "zz-a", declared_in: "cron/zz-a.sql" },
        { name: "zz-b", declared_in: "cron/zz-b.sql" },
      ],
      pgcron: [
        { name: "zz-a", active: true },
        { name: "zz-b", active: true },
      ],
    });
  });

  it("removes the job of a deleted file, and only that one", async () => {
    await withClient(scratch.url, (c) => c.query(`select cron.schedule('zz-by-hand', '0 4 * * *', 'select 2')`));
    fs.rmSync(path.join(root, "cron/zz-b.sql"));
    const r = await applyDefinitions(scratch.url, { root });
    expect(r.cronPruned).toContain("zz-b");
    expect(r.cronPruned).not.toContain("zz-a");
    expect(await jobs()).toEqual({
      registry: [{ name: "zz-a", declared_in: "cron/zz-a.sql" }],
      pgcron: [
        { name: "zz-a", active: true },
        { name: "zz-by-hand", active: true },
      ],
    });
  });

  it("a second apply prunes nothing more", async () => {
    const r = await applyDefinitions(scratch.url, { root });
    expect(r.cronPruned).toEqual([]);
    expect((await jobs()).pgcron.map((j) => j.name)).toEqual(["zz-a", "zz-by-hand"]);
  });
});
