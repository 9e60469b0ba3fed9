// ssot net worker against a local HTTP receiver: delivery of GET/POST/DELETE with pg_net's
// response shape, timeout_milliseconds honoured, NOTIFY wake-up, purge past pg_net.ttl.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { NetWorker } from "../../src/net/worker.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { startReceiver, type Receiver } from "../support/receiver.ts";

let db: TestDatabase;
let rx: Receiver;

beforeAll(async () => {
  db = await createTestDatabase("net");
  rx = await startReceiver({ respond: (r) => (r.path.startsWith("/slow") ? { status: 200, delayMs: 1500 } : { status: r.path.startsWith("/boom") ? 500 : 201 }) });
});
afterAll(async () => {
  await rx?.close();
  await db?.drop();
});

const q = (sql: string, params: unknown[] = []) => withClient(db.url, (c) => c.query(sql, params));

describe("net worker", () => {
  it("delivers queued requests and records pg_net-shaped responses", async () => {
    const ids = (await q(`select net.http_get($1 || '/get', '{"a": "1"}') as g, net.http_post($1 || '/post', '{"x": 42}') as p,
                                 net.http_delete($1 || '/del') as d, net.http_get($1 || '/boom') as b`, [rx.url])).rows[0];
    const w = new NetWorker({ url: db.url, pumpOutbox: false });
    const rep = await w.once();
    expect(rep.delivered).toBe(4);
    const res = await q(`select id, status_code, timed_out, error_msg, content from net._http_response where id = any($1::bigint[]) order by id`, [[ids.g, ids.p, ids.d, ids.b]]);
    expect(res.rows.map((r) => [r.status_code, r.timed_out])).toEqual([[201, false], [201, false], [201, false], [500, false]]);
    expect(res.rows[0].content).toBe('{"ok":true}');
    expect((await q(`select count(*)::int as n from net.http_request_queue`)).rows[0].n).toBe(0);
    const post = rx.received.find((r) => r.path === "/post")!;
    expect(post.method).toBe("POST");
    expect(post.body).toBe('{"x": 42}');
    expect(post.headers["content-type"]).toBe("application/json");
    expect(rx.received.find((r) => r.path.startsWith("/get"))!.path).toBe("/get?a=1");
  });

  it("honours timeout_milliseconds", async () => {
    const id = (await q(`select net.http_get($1 || '/slow', timeout_milliseconds => 200) as id`, [rx.url])).rows[0].id;
    await new NetWorker({ url: db.url, pumpOutbox: false }).once();
    const r = (await q(`select status_code, timed_out, error_msg from net._http_response where id = $1`, [id])).rows[0];
    expect(r.status_code).toBeNull();
    expect(r.timed_out).toBe(true);
    expect(r.error_msg).toMatch(/^Timeout of 200 ms reached/);
  });

  it("records a transport error (connection refused) as error_msg", async () => {
    const closed = await startReceiver();
    const url = closed.url;
    await closed.close(); // nothing listens there any more
    const id = (await q(`select net.http_get($1 || '/closed') as id`, [url])).rows[0].id;
    await new NetWorker({ url: db.url, pumpOutbox: false }).once();
    const r = (await q(`select status_code, timed_out, error_msg from net._http_response where id = $1`, [id])).rows[0];
    expect([r.status_code, r.timed_out]).toEqual([null, false]);
    expect(r.error_msg).toMatch(/ECONNREFUSED/);
  });

  it("wakes on NOTIFY: with polling effectively off, a new request is still delivered", async () => {
    const w = new NetWorker({ url: db.url, pollMs: 600_000, pumpOutbox: false });
    const running = w.start();
    try {
      // let the worker reach its idle wait first
      for (let i = 0; i < 100 && w.totals.delivered === 0; i++) {
        const n = (await q(`select count(*)::int as n from pg_stat_activity where application_name = 'ssot net worker (listen)' and datname = current_database()`)).rows[0].n;
        if (n > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 200));
      const id = (await q(`select net.http_get($1 || '/notify') as id`, [rx.url])).rows[0].id;
      let got = 0;
      for (let i = 0; i < 200 && got === 0; i++) {
        got = (await q(`select count(*)::int as n from net._http_response where id = $1`, [id])).rows[0].n;
        if (!got) await new Promise((r) => setTimeout(r, 50));
      }
      expect(got).toBe(1);
    } finally {
      await w.stop();
      await running.catch(() => {});
    }
  });

  it("purges responses older than pg_net.ttl", async () => {
    await q(`insert into net._http_response (id, status_code, created) values (-10, 200, now() - interval '7 hours'), (-11, 200, now())`);
    const rep = await new NetWorker({ url: db.url, pumpOutbox: false, purgeEveryMs: 0 }).once();
    expect(rep.purged).toBeGreaterThanOrEqual(1);
    expect((await q(`select array_agg(id order by id) as ids from net._http_response where id < 0`)).rows[0].ids).toEqual(["-11"]);
  });
});
