// Two dispatchers and two delivery workers at the same time, on real connections: skip locked
// means each outbox row is handed to net.http_post once and each request is sent once.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { NetWorker } from "../../src/net/worker.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { startReceiver, type Receiver } from "../support/receiver.ts";

let db: TestDatabase;
let rx: Receiver;
const q = (sql: string, params: unknown[] = []) => withClient(db.url, (c) => c.query(sql, params));

beforeAll(async () => {
  db = await createTestDatabase("outbox_conc");
  rx = await startReceiver({ respond: () => ({ status: 200, delayMs: 20 }) });
});
afterAll(async () => {
  await rx?.close();
  await db?.drop();
});

describe("concurrent dispatch and delivery", () => {
  it("two dispatchers interleaving never hand a row over twice", async () => {
    await q(`select ops.outbox_enqueue('conc', jsonb_build_object('n', g), url => $1) from generate_series(1, 40) g`, [`${rx.url}/d`]);
    const a = new pg.Client({ connectionString: db.url });
    const b = new pg.Client({ connectionString: db.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query("begin");
      const na = (await a.query(`select ops.outbox_dispatch(25) as n`)).rows[0].n; // holds 25 row locks
      await b.query("begin");
      const nb = (await b.query(`select ops.outbox_dispatch(25) as n`)).rows[0].n; // skips them
      await Promise.all([a.query("commit"), b.query("commit")]);
      expect([na, nb]).toEqual([25, 15]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const r = await q(`select count(*)::int as rows, count(distinct net_request_id)::int as requests, max(attempts) as attempts
                         from ops.outbox where topic = 'conc' and status = 'dispatched'`);
    expect(r.rows[0]).toEqual({ rows: 40, requests: 40, attempts: 1 });
    expect((await q(`select count(*)::int as n from net.http_request_queue`)).rows[0].n).toBe(40);
  });

  it("two workers delivering at once send each request exactly once", async () => {
    const w1 = new NetWorker({ url: db.url, batchSize: 7, pumpOutbox: false });
    const w2 = new NetWorker({ url: db.url, batchSize: 7, pumpOutbox: false });
    const [r1, r2] = await Promise.all([w1.once(), w2.once()]);
    expect(r1.delivered + r2.delivered).toBe(40);
    expect(rx.received).toHaveLength(40);
    expect((await q(`select count(distinct id)::int as n from net._http_response`)).rows[0].n).toBe(40);
    await q(`select ops.outbox_reconcile()`);
    expect((await q(`select count(*)::int as n from ops.outbox where topic = 'conc' and status = 'delivered'`)).rows[0].n).toBe(40);
  });
});
