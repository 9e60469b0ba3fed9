// The webhook worker on committed data: several workers drain a backlog concurrently (every
// event ends in exactly one terminal state, none is processed twice), and a worker killed
// mid-batch has its claims reclaimed by the next one.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { projectRoot } from "../../src/cluster/paths.ts";
import { withClient } from "../../src/db/client.ts";
import { runWorker } from "../../src/odoo/worker.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testing/cluster.ts";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase("odoo_worker");
});
afterEach(async () => {
  await db.drop();
});

/** n events: project.task writes (good), account.move (good), and bad ones that die at once. */
async function backlog(good: number, bad: number) {
  await withClient(db.url, async (c) => {
    const inst = (await c.query(`insert into odoo.instances (slug, name, webhook_secret_name) values ('w', 'W', 'test.w') returning id`)).rows[0].id;
    await c.query(
      `insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at, max_attempts)
       select $1::uuid, 'write', case when i % 3 = 0 then 'account.move' else 'project.task' end, i::text,
              case when i % 3 = 0 then jsonb_build_object('name', 'INV/' || i, 'state', 'posted', 'amount_total', i * 10.5)
                   else jsonb_build_object('name', 'Task ' || i, 'x_external_ref', 'W_T' || i) end,
              'k' || i, '\\x00'::bytea, now(), 5
         from generate_series(1, $2) i
       union all
       select $1::uuid, 'write', 'project.task', 'not-an-id-' || i, '{}', 'bad' || i, '\\x00'::bytea, now(), 1
         from generate_series(1, $3) i`,
      [inst, good, bad],
    );
  });
}

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
