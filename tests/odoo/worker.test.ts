// The webhook worker on committed data: several workers drain a backlog concurrently (every
// event ends in exactly one terminal state, none is processed twice), a worker killed mid-batch
// has its claims reclaimed by the next one, and a worker whose server restarts (mid-batch, or
// while `ssot odoo process` waits for work) reconnects and carries on.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/cluster/paths.ts";
import { withClient } from "../../src/db/client.ts";
import { runWorker } from "../../src/odoo/worker.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { createScratchCluster, type ScratchCluster } from "../support/scratch.ts";
import { waitFor } from "../support/wait.ts";
import { spawnCli } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;

/** Events first..first+good-1: project.task writes and account.move (good), then bad ones that die at once. */
async function backlog(good: number, bad: number, url = db.url, first = 1) {
  await withClient(url, async (c) => {
    const inst = (await c.query(
      `insert into odoo.instances (slug, name, webhook_secret_name) values ('w', 'W', 'test.w')
       on conflict (slug) do update set name = excluded.name returning id`)).rows[0].id;
    await c.query(
      `insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at, max_attempts)
       select $1::uuid, 'write', case when i % 3 = 0 then 'account.move' else 'project.task' end, i::text,
              case when i % 3 = 0 then jsonb_build_object('name', 'INV/' || i, 'state', 'posted', 'amount_total', i * 10.5)
                   else jsonb_build_object('name', 'Task ' || i, 'x_external_ref', 'W_T' || i) end,
              'k' || i, '\\x00'::bytea, now(), 5
         from generate_series($4::int, $4::int + $2 - 1) i
       union all
       select $1::uuid, 'write', 'project.task', 'not-an-id-' || i, '{}', 'bad' || i, '\\x00'::bytea, now(), 1
         from generate_series(1, $3) i`,
      [inst, good, bad, first],
    );
  });
}

describe("on the shared test cluster", () => {
  beforeEach(async () => {
    db = await createTestDatabase("odoo_worker");
  });
  afterEach(async () => {
    await db.drop();
  });

  it("several workers drain a backlog: each event ends in exactly one terminal state, none processed twice", async () => {
    await backlog(240, 12);
    const totals = await Promise.all([1, 2, 3, 4].map((n) => runWorker(db.url, { worker: `w${n}`, batch: 7, once: true })));
    const claimed = totals.reduce((s, t) => s + t.claimed, 0);
    expect(claimed).toBe(252);
    expect(totals.reduce((s, t) => s + t.lost, 0)).toBe(0);
    await withClient(db.url, async (c) => {
      const states = (await c.query(`select status, count(*)::int as n from odoo.webhook_events group by status order by status`)).rows;
      expect(states).toEqual([{ status: "completed", n: 240 }, { status: "dead", n: 12 }]);
      const perEvent = (await c.query(
        `select count(*) filter (where action = 'claimed')::int as claims,
                count(*) filter (where action in ('completed', 'dead'))::int as terminal
           from odoo.event_log group by event_id`)).rows;
      expect(perEvent).toHaveLength(252);
      expect(perEvent.every((r) => r.claims === 1 && r.terminal === 1)).toBe(true);
      const projected = (await c.query(
        `select (select count(*)::int from odoo_seed.shadow_tasks where external_ref like 'W_T%') as tasks,
                (select count(*)::int from mirror.odoo_account_moves) as moves,
                (select sum(amount_total) from mirror.odoo_account_moves)::float8 as total`)).rows[0];
      expect(projected).toEqual({ tasks: 160, moves: 80, total: 10.5 * 3 * (80 * 81) / 2 });
      const dead = (await c.query(`select distinct last_error from odoo.webhook_events where status = 'dead'`)).rows;
      expect(dead).toHaveLength(12);
      expect(dead[0].last_error).toMatch(/^SS430: project.task event .*: aggregate_id not-an-id-\d+ is not an Odoo record id$/);
    });
  });

  it("a worker killed mid-batch leaves claims that the next worker reclaims and completes", async () => {
    await backlog(10, 0);
    const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "tests/odoo/fixtures/crash-worker.ts"), db.url], { cwd: projectRoot });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => String(d).includes("processed-one") && resolve());
      child.on("exit", (code) => reject(new Error(`crash worker exited early (${code})`)));
    });
    child.kill("SIGKILL");
    await withClient(db.url, async (c) => {
      const mid = (await c.query(`select status, count(*)::int as n from odoo.webhook_events group by status order by status`)).rows;
      expect(mid).toEqual([{ status: "completed", n: 1 }, { status: "processing", n: 9 }]);
      // the server notices the dead client when its socket closes
      for (let i = 0; i < 200; i++) {
        const alive = (await c.query(`select count(*)::int as n from pg_stat_activity where application_name = 'ssot odoo worker doomed'`)).rows[0].n;
        if (alive === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    // a long lease: only the vanished backend makes the claims reclaimable
    const t = await runWorker(db.url, { worker: "rescuer", batch: 50, once: true, leaseSeconds: 3600 });
    expect(t).toEqual({ claimed: 9, completed: 9, failed: 0, dead: 0, lost: 0 });
    await withClient(db.url, async (c) => {
      expect((await c.query(`select status, count(*)::int as n from odoo.webhook_events group by status`)).rows).toEqual([{ status: "completed", n: 10 }]);
      const log = (await c.query(`select action, worker, count(*)::int as n from odoo.event_log group by action, worker order by action, worker`)).rows;
      expect(log).toEqual([
        { action: "claimed", worker: "doomed", n: 10 },
        { action: "completed", worker: "doomed", n: 1 },
        { action: "completed", worker: "rescuer", n: 9 },
        { action: "reclaimed", worker: "rescuer", n: 9 },
      ]);
    });
  });
});

describe("across a server restart", () => {
  let scratch: ScratchCluster;
  beforeAll(async () => {
    scratch = await createScratchCluster();
  }, 180_000);
  afterAll(() => scratch?.destroy());

  const q = (sql: string) => withClient(scratch.url, (c) => c.query(sql).then((r) => r.rows));
  const restart = () => {
    scratch.cluster.stop("immediate");
    scratch.cluster.start();
  };
  /** Every event once completed and claimed once (or claimed and then reclaimed once); the totals of what they projected. */
  async function exactlyOnce() {
    const perEvent = await q(
      `select e.id, e.status,
              count(l.*) filter (where l.action = 'completed')::int as completed,
              count(l.*) filter (where l.action in ('claimed', 'reclaimed'))::int as claims
         from odoo.webhook_events e left join odoo.event_log l on l.event_id = e.id
        group by e.id, e.status order by e.id`);
    const projected = (await q(
      `select (select count(*)::int from odoo_seed.shadow_tasks where external_ref like 'W_T%') as tasks,
              (select count(*)::int from mirror.odoo_account_moves) as moves,
              (select sum(amount_total) from mirror.odoo_account_moves)::float8 as total`))[0];
    return { perEvent, projected };
  }

  it("mid-batch: the worker says so in one line, reconnects, reclaims its batch, and every event is applied exactly once", async () => {
    await backlog(20, 0, scratch.url);
    const startedBefore = (await q(`select pg_postmaster_start_time()::text as t`))[0].t;
    const lines: string[] = [];
    let processed = 0;
    const totals = await runWorker(scratch.url, {
      worker: "survivor", batch: 7, once: true, log: (l) => lines.push(l),
      // the server restarts after the third event of the first batch: four of its events are claimed, not yet run
      afterEvent: () => {
        if (++processed === 3) restart();
      },
    });
    expect((await q(`select pg_postmaster_start_time()::text as t`))[0].t).not.toBe(startedBefore);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^worker survivor: lost the database connection \(.+\); reconnecting$/);
    expect(totals).toMatchObject({ completed: 20, failed: 0, dead: 0, lost: 0 });

    const { perEvent, projected } = await exactlyOnce();
    expect(perEvent).toHaveLength(20);
    expect(perEvent.every((r) => r.status === "completed" && r.completed === 1)).toBe(true);
    const log = await q(`select action, count(*)::int as n from odoo.event_log group by action order by action`);
    expect(log).toEqual([{ action: "claimed", n: 20 }, { action: "completed", n: 20 }, { action: "reclaimed", n: 4 }]);
    // i % 3 = 0 are account.move (3, 6 … 18), the rest project.task
    expect(projected).toEqual({ tasks: 14, moves: 6, total: 10.5 * (3 + 6 + 9 + 12 + 15 + 18) });
  }, 120_000);

  it("`ssot odoo process` waiting for work: one line on stderr, no stack trace, and it goes on processing", async () => {
    await q(`truncate odoo.event_log, odoo.webhook_events cascade`);
    await backlog(5, 0, scratch.url, 101);
    const child = spawnCli(["odoo", "process", "--poll", "100", "--worker", "cli-survivor"], { inherit: true, env: { DATABASE_URL: scratch.url, ROOT_DATABASE_URL: scratch.url } });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    const detail = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
    const completed = async (n: number) =>
      (await q(`select count(*)::int as n from odoo.webhook_events where status = 'completed'`))[0].n === n;
    try {
      await waitFor("the first 5 events to complete", () => completed(5), { detail });
      restart();
      await backlog(5, 0, scratch.url, 201);
      await waitFor("the 5 events sent after the restart to complete", () => completed(10), { detail, ms: 60_000 });
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    const errLines = stderr.trim().split("\n");
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(/^worker cli-survivor: lost the database connection \(.+\); reconnecting$/);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stdout.trim().split("\n").at(-1)).toBe("10 events claimed: 10 completed, 0 failed, 0 dead");
    const { perEvent } = await exactlyOnce();
    expect(perEvent).toHaveLength(10);
    expect(perEvent.every((r) => r.status === "completed" && r.completed === 1 && r.claims === 1)).toBe(true);
  }, 120_000);
});
