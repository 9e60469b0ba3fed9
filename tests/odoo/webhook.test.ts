// public.odoo_webhook with real connections, as PostgREST calls it: a committed event replayed
// under another idempotency key is refused; anon can call the RPC but reach nothing behind it; and
// `ssot odoo process` drains what was ingested. Two identical deliveries at once are the isolation
// spec db/tests/isolation/specs/webhook_duplicate_delivery.spec.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { actAs, withRole } from "../support/roles.ts";
import { runCliAsync } from "../../src/testrun/run-cli.ts";

const SECRET = "race-secret-0123456789abcdef0123456789";
let db: TestDatabase;

// the signing string is timestamp.body, or timestamp.key.body when an idempotency key is sent
function signed(body: string, key?: string) {
  const ts = String(Math.floor(Date.now() / 1000));
  const signing = key === undefined ? `${ts}.${body}` : `${ts}.${key}.${body}`;
  const h: Record<string, string> = { "x-ipai-instance": "race", "x-ipai-timestamp": ts, "x-ipai-signature": createHmac("sha256", SECRET).update(signing).digest("hex") };
  if (key !== undefined) h["x-idempotency-key"] = key;
  return h;
}
const body = (n: number) => JSON.stringify({ event_type: "write", aggregate_type: "project.task", aggregate_id: n, payload: { name: `Race ${n}`, x_external_ref: `RACE_${n}` } });

beforeAll(async () => {
  db = await createTestDatabase("odoo_webhook");
  await withClient(db.url, async (c) => {
    await c.query(`insert into odoo.instances (slug, name, webhook_secret_name) values ('race', 'Race', 'test.race.webhook')`);
    await c.query(`select vault.create_secret($1, 'test.race.webhook')`, [SECRET]);
  });
});
afterAll(async () => {
  await db?.drop();
});

it("a committed event sent again under another idempotency key is refused and stores nothing", async () => {
  const ingest = (headers: Record<string, string>) => withClient(db.url, async (c) => {
    await c.query("begin");
    await actAs(c, { role: "anon", headers });
    const id = (await c.query(`select public.odoo_webhook($1) as id`, [body(13)])).rows[0].id;
    await c.query("commit");
    return id;
  }).catch((e) => e.code);
  const count = () => withClient(db.url, (c) => c.query(`select count(*)::int as n from odoo.webhook_events where aggregate_id = '13'`).then((r) => r.rows[0].n));
  const captured = signed(body(13));
  const first = await ingest(captured);
  expect(first).toMatch(/^[0-9a-f-]{36}$/);
  const sig = captured["x-ipai-signature"]!;
  expect([
    await ingest(captured),
    await ingest({ ...captured, "x-ipai-signature": `sha256=${sig.toUpperCase()}` }),
    await ingest({ ...captured, "x-idempotency-key": "evt-replay-13" }),
    await ingest({ ...captured, "x-idempotency-key": `SIG:${sig.toUpperCase()}` }),
    await ingest({ ...captured, "x-idempotency-key": `sig:${sig}` }),
  ]).toEqual([first, first, "SS415", "SS415", "SS415"]);
  expect(await count()).toBe(1);
});

it("anon may call the RPC and reaches nothing behind it", async () => {
  const id = await withRole(db.url, { role: "anon", headers: signed(body(2)) }, (c) => c.query(`select public.odoo_webhook($1) as id`, [body(2)]).then((r) => r.rows[0].id));
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  for (const sql of [`select * from odoo.webhook_events`, `select * from odoo.instances`, `select * from vault.decrypted_secrets`, `select odoo.claim_webhook_events('x', 1)`]) {
    const e = await withRole(db.url, { role: "anon" }, (c) => c.query(sql)).catch((x) => x);
    expect([sql, e.code]).toEqual([sql, "42501"]);
  }
  const rejected = await withRole(db.url, { role: "anon", headers: { ...signed(body(3)), "x-ipai-signature": "0".repeat(64) } }, (c) =>
    c.query(`select public.odoo_webhook($1)`, [body(3)])).catch((x) => x);
  // a wrong signature is told apart from an unknown instance by nobody: both are SS417, word for word
  expect([rejected.code, rejected.message]).toEqual(["SS417", "webhook refused"]);
  const unknown = await withRole(db.url, { role: "anon", headers: { ...signed(body(3)), "x-ipai-instance": "no-such-instance" } }, (c) =>
    c.query(`select public.odoo_webhook($1)`, [body(3)])).catch((x) => x);
  expect([unknown.code, unknown.message, unknown.hint]).toEqual([rejected.code, rejected.message, rejected.hint]);
});

it("`ssot odoo process --once --json` drains the ingested events into the shadows", async () => {
  for (const n of [10, 11, 12]) await withClient(db.url, async (c) => {
    await c.query("begin");
    await actAs(c, { role: "anon", headers: signed(body(n)) });
    await c.query(`select public.odoo_webhook($1)`, [body(n)]);
    await c.query("commit");
  });
  const out = await runCliAsync(["odoo", "process", "--once", "--json"], { inherit: true, env: { DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url } });
  expect(out.code).toBe(0);
  expect(JSON.parse(out.out)).toEqual({ claimed: 4, completed: 4, failed: 0, dead: 0, lost: 0 }); // events 10-12 and 13 (event 2 was rolled back)
  const names = await withClient(db.url, (c) => c.query(`select external_ref from odoo_seed.shadow_tasks where external_ref like 'RACE_%' order by 1`).then((r) => r.rows.map((x) => x.external_ref)));
  expect(names).toEqual(["RACE_10", "RACE_11", "RACE_12", "RACE_13"]);
});
