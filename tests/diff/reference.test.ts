// The reference `ssot diff` builds from db/ (bootstrap, migrations, definitions, seeds, cron
// declarations, as `ssot migrate` and `ssot seed` do) matches a database made the same way, and is
// dropped afterwards; the rules that turn pg_cron's jobs into compared objects.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { databaseName, withClient } from "../../src/db/client.ts";
import { compareSnapshots } from "../../src/diff/compare.ts";
import { diffDatabases } from "../../src/diff/diff.ts";
import { buildReference, declareCronJobs } from "../../src/diff/reference.ts";
import type { CronJob, Snapshot } from "../../src/diff/snapshot.ts";
import { createTestDatabase, requireTestEnv } from "../../src/testrun/cluster.ts";

describe("the reference built from db/", () => {
  it("matches a freshly migrated database and is dropped afterwards, with the leftovers of interrupted runs", async () => {
    const t = requireTestEnv();
    // the leftover of an interrupted run: its process (in the name) is gone
    const leftover = `ssot_diff_${spawnSync("true").pid}_0123456789`;
    await withClient(t.rootUrl, (c) => c.query(`create database ${leftover}`));
    const ref = await buildReference(t.rootUrl);
    const db = await createTestDatabase("diffbuilt");
    try {
      await declareCronJobs(db.url);
      expect(await diffDatabases(ref.url, db.url)).toEqual([]);
      // and it sees a change: the same comparison is not vacuous
      await withClient(db.url, (c) => c.query(`grant select on ops.events to anon`));
      expect((await diffDatabases(ref.url, db.url)).map((d) => `${d.status} ${d.kind} ${d.object}`)).toEqual(["not declared grant SELECT on table ops.events to anon"]);
    } finally {
      await db.drop();
      await ref.drop();
    }
    const left = await withClient(t.rootUrl, (c) => c.query(`select count(*)::int as n from pg_database where datname in ($1, $2)`, [databaseName(ref.url), leftover]));
    expect(left.rows[0].n).toBe(0);
  });
});

describe("cron jobs as compared objects", () => {
  const job = (schedule: string, on: boolean): CronJob => ({ schedule, command: "select 1", on });
  const snap = (registry: Record<string, CronJob>, scheduled: Record<string, CronJob> | null): Snapshot => ({
    objects: [],
    registry: new Map(Object.entries(registry)),
    scheduled: scheduled && new Map(Object.entries(scheduled)),
  });
  const lines = (ref: Snapshot, target: Snapshot) => compareSnapshots(ref, target).map((d) => `${d.status} ${d.object}: ${d.detail}`);
  const ref = snap({ a: job("0 1 * * *", false) }, null);

  it("an enabled job is operator state, not drift; pg_cron disagreeing with the registry is", () => {
    expect(lines(ref, snap({ a: job("0 1 * * *", true) }, { a: job("0 1 * * *", true) }))).toEqual([]);
    expect(lines(ref, snap({ a: job("0 1 * * *", false) }, { a: job("0 1 * * *", true) }))).toEqual([
      'changed a: line 3: expected (nothing), found "active true while ops.cron_jobs says disabled"',
    ]);
  });

  it("a declared job missing, unscheduled, or one no file declares", () => {
    expect(lines(ref, snap({}, {}))).toEqual(["missing in database a: "]);
    expect(lines(ref, snap({ a: job("0 1 * * *", false) }, {}))).toEqual(['changed a: line 3: expected (nothing), found "not scheduled in pg_cron"']);
    expect(lines(ref, snap({ a: job("0 1 * * *", false), b: job("@daily", false) }, null))).toEqual(["not declared b: "]);
    expect(lines(ref, snap({}, { a: job("0 1 * * *", false) }))).toEqual(['changed a: line 3: expected (nothing), found "not in ops.cron_jobs"']);
  });
});
