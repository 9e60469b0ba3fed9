// pg_cron's scheduler exits for good when its database is dropped (`ssot reset`, the test harness),
// and then no job runs until the server restarts. ensureCronScheduler notices and restarts the
// embedded cluster. On a cluster of its own: the shared test cluster serves other files meanwhile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { cronSchedulerState, ensureCronScheduler } from "../../src/cron/scheduler.ts";
import { createScratchCluster, type ScratchCluster } from "../support/scratch.ts";
import { waitFor } from "../support/wait.ts";

let scratch: ScratchCluster;
const root = () => scratch.cluster.url("postgres");

beforeAll(async () => {
  scratch = await createScratchCluster();
}, 180_000);
afterAll(() => scratch?.destroy());

describe("pg_cron's scheduler after its database is dropped", () => {
  it("is found stopped, and the embedded cluster is restarted so jobs run again", async () => {
    await waitFor("the scheduler to run", async () => (await cronSchedulerState(root(), 0)) === "running");
    await withClient(root(), async (c) => {
      await c.query(`drop database scratch with (force)`);
      await c.query(`create database scratch`);
    });
    expect(await cronSchedulerState(root())).toBe("stopped"); // after the grace period: it does not come back by itself
    expect(await ensureCronScheduler(root())).toBe("stopped"); // not the embedded cluster: only said
    expect(await ensureCronScheduler(root(), scratch.cluster)).toBe("restarted");
    await waitFor("the scheduler to run again", async () => (await cronSchedulerState(root(), 0)) === "running");
    expect(await ensureCronScheduler(root(), scratch.cluster)).toBe("running");
  }, 120_000);
});
