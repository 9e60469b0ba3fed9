// The two-step secret read on real connections: a ticket is usable only once the transaction that
// issued it (and wrote its access-log row) has committed, so a caller who rolls back (raw SQL, or
// PostgREST's Prefer: tx=rollback) gets no value; a refused attempt's log row survives (the call
// returns NULL instead of raising); concurrent reads each log one row; refusals are rate-limited;
// and a pg_dump after secrets were set holds neither a value nor the vault's root key.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, requireTestEnv, type TestDatabase } from "../../src/testrun/cluster.ts";
import { actAs, type RequestContext } from "../support/roles.ts";

const values = { vercel_api_token: "vtok-Q3u8xLr2Pz7kW1nM5bV9", do_api_token: "dop_v1_" + "a1b2c3d4e5f6".repeat(5) + "abcd" };
let db: TestDatabase;
const service: RequestContext = { role: "service_role", headers: { "x-forwarded-for": "203.0.113.1" } };
const vercelBot: RequestContext = { role: "authenticated", claims: { sub: "44444444-4444-4444-8444-444444444444", bot_id: "vercel-bot" } };

/** A connection that runs each `step` as one PostgREST-like request: begin, act as ctx, sql, then commit or roll back. */
async function connect() {
  const c = new pg.Client({ connectionString: db.url });
  c.on("notice", () => {});
  await c.connect();
  return c;
}
async function request<T = unknown>(ctx: RequestContext, sql: string, params: unknown[], end: "commit" | "rollback" = "commit"): Promise<T> {
  const c = await connect();
  try {
    await c.query("begin");
    await actAs(c, ctx);
    const r = await c.query(sql, params);
    await c.query(end);
    return r.rows[0].v as T;
  } catch (e) {
    await c.query("rollback").catch(() => {});
    throw e;
  } finally {
    await c.end();
  }
}
const ticketFor = (ctx: RequestContext, bot: string, secret: string, end: "commit" | "rollback" = "commit") =>
  request<string | null>(ctx, `select public.control_plane_request_secret($1, $2) as v`, [bot, secret], end);
const redeem = (ctx: RequestContext, ticket: string | null, end: "commit" | "rollback" = "commit") =>
  request<string>(ctx, `select public.control_plane_redeem_secret($1) as v`, [ticket], end);
/** The two steps as a client does them: two requests, each committed. */
async function read(ctx: RequestContext, bot: string, secret: string): Promise<string | null> {
  const t = await ticketFor(ctx, bot, secret);
  return t === null ? null : redeem(ctx, t);
}
const sqlstate = (p: Promise<unknown>) => p.then(() => "no error", (e: { code?: string }) => e.code);

const logCount = (where: string, params: unknown[] = []) =>
  withClient(db.url, (c) => c.query(`select count(*)::int as n from control_plane.access_log where ${where}`, params)).then((r) => r.rows[0].n as number);

beforeAll(async () => {
  db = await createTestDatabase("secrets");
  await withClient(db.url, async (c) => {
    for (const [k, v] of Object.entries(values)) await c.query(`select control_plane.set_secret($1, $2)`, [k, v]);
  });
});
afterAll(async () => {
  await db?.drop();
});

describe("the two-step read: a value only for a ticket whose log row is committed", () => {
  it("request, commit, redeem returns the value once; the log row is there", async () => {
    const before = await logCount(`outcome = 'granted' and access_type = 'read' and bot_id = 'vercel-bot'`);
    const t = await ticketFor(service, "vercel-bot", "vercel_api_token");
    expect(t).toMatch(/^[0-9a-f-]{36}$/);
    expect(await logCount(`outcome = 'granted' and access_type = 'read' and bot_id = 'vercel-bot'`)).toBe(before + 1);
    expect(await redeem(service, t)).toBe(values.vercel_api_token);
    expect(await sqlstate(redeem(service, t))).toBe("SS256"); // consumed
    expect(await read(vercelBot, "vercel-bot", "vercel_api_token")).toBe(values.vercel_api_token);
  });

  it("rolling back step 1 (raw SQL rollback, Prefer: tx=rollback) leaves no log row and no usable ticket", async () => {
    const before = await logCount(`true`);
    const t = await ticketFor(service, "vercel-bot", "vercel_api_token", "rollback");
    expect(t).toMatch(/^[0-9a-f-]{36}$/);
    expect(await sqlstate(redeem(service, t))).toBe("SS256");
    expect(await logCount(`true`)).toBe(before);
  });

  it("step 2 in the transaction of step 1 is refused, so begin; request; redeem; rollback yields nothing", async () => {
    const c = await connect();
    try {
      await c.query("begin");
      await actAs(c, service);
      const t = (await c.query(`select public.control_plane_request_secret('vercel-bot', 'vercel_api_token') as v`)).rows[0].v;
      expect(await sqlstate(c.query(`select public.control_plane_redeem_secret($1)`, [t]))).toBe("SS257");
      await c.query("rollback");
    } finally {
      await c.end();
    }
  });

  it("a ticket is bound to its caller, and to a grant that still holds", async () => {
    const t = await ticketFor(service, "vercel-bot", "vercel_api_token");
    expect(await sqlstate(redeem(vercelBot, t))).toBe("SS256");
    const t2 = await ticketFor(vercelBot, "vercel-bot", "vercel_api_token");
    await withClient(db.url, (c) => c.query(`update control_plane.bots set active = false where bot_id = 'vercel-bot'`));
    try {
      expect(await sqlstate(redeem(vercelBot, t2))).toBe("SS258");
    } finally {
      await withClient(db.url, (c) => c.query(`update control_plane.bots set active = true where bot_id = 'vercel-bot'`));
    }
    expect(await redeem(service, t)).toBe(values.vercel_api_token); // the rightful caller still can
  });

  it("a refused attempt returns NULL and its log row survives", async () => {
    const before = await logCount(`outcome = 'refused'`);
    const v = await ticketFor({ role: "authenticated", claims: { sub: "11111111-1111-4111-8111-111111111111", bot_id: "bugbot" }, headers: { "x-forwarded-for": "10.9.9.9, 192.0.2.9" } }, "vercel-bot", "vercel_api_token");
    expect(v).toBeNull();
    expect(await logCount(`outcome = 'refused'`)).toBe(before + 1);
    expect(await logCount(`outcome = 'refused' and bot_id = 'vercel-bot' and jwt_bot_id = 'bugbot' and client_ip = '192.0.2.9'`)).toBe(1);
  });

  it("a 10 MB bot_id in a committed request raises SS250 and adds nothing to the log", async () => {
    const size = () => withClient(db.url, (c) => c.query(`select count(*)::int as n, pg_total_relation_size('control_plane.access_log')::bigint as bytes from control_plane.access_log`)).then((r) => r.rows[0]);
    const before = await size();
    const huge = "a".repeat(10 * 1024 * 1024);
    expect(await sqlstate(ticketFor({ role: "authenticated", claims: { sub: "66666666-6666-4666-8666-666666666666", bot_id: "bugbot" } }, huge, "vercel_api_token"))).toBe("SS250");
    expect(await sqlstate(ticketFor(service, "vercel-bot", huge))).toBe("SS251");
    expect(await size()).toEqual(before);
  });

  it("each refusal kind leaves one refused row and no ticket", async () => {
    const cases: Array<[RequestContext, string, string]> = [
      [{ role: "service_role" }, "ghost-bot", "vercel_api_token"],
      [{ role: "service_role" }, "bugbot", "vercel_api_token"],
      [{ role: "authenticated", claims: { sub: "22222222-2222-4222-8222-222222222222" } }, "vercel-bot", "vercel_api_token"],
    ];
    const before = await logCount(`outcome = 'refused'`);
    for (const [ctx, bot, secret] of cases) expect(await ticketFor(ctx, bot, secret)).toBeNull();
    expect(await logCount(`outcome = 'refused'`)).toBe(before + cases.length);
  });

  it("refusals past the limit are counted, not logged, across committed requests", async () => {
    const flood: RequestContext = { role: "authenticated", claims: { sub: "55555555-5555-4555-8555-555555555555", bot_id: "bugbot" }, headers: { "x-forwarded-for": "192.0.2.77" } };
    for (let i = 0; i < 14; i++) expect(await ticketFor(flood, "vercel-bot", "vercel_api_token")).toBeNull();
    expect(await logCount(`jwt_sub = '55555555-5555-4555-8555-555555555555'`)).toBe(10);
    const r = await withClient(db.url, (c) => c.query(`select pending_suppressed, suppressed_total::int from control_plane.refusal_counters where subject = 'sub:55555555-5555-4555-8555-555555555555'`));
    expect(r.rows).toEqual([{ pending_suppressed: 4, suppressed_total: 4 }]);
  });

  it("concurrent two-step reads each log exactly one row", async () => {
    const before = await logCount(`outcome = 'granted' and access_type = 'read'`);
    const got = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2
          ? read(service, "vercel-bot", "vercel_api_token")
          : read({ role: "authenticated", claims: { sub: "33333333-3333-4333-8333-333333333333", bot_id: "do-infra-bot" } }, "do-infra-bot", "do_api_token"),
      ),
    );
    expect(got.filter((v) => v === values.vercel_api_token)).toHaveLength(4);
    expect(got.filter((v) => v === values.do_api_token)).toHaveLength(4);
    expect(await logCount(`outcome = 'granted' and access_type = 'read'`)).toBe(before + 8);
  });
});

describe("the log row's commit mode (ssot.access_log_commit)", () => {
  /** synchronous_commit as step 1's COMMIT will see it, in a fresh transaction. */
  async function commitSetting(mode?: string): Promise<{ setting: string; ok: boolean; after: string }> {
    const c = await connect();
    try {
      if (mode) await c.query(`select set_config('ssot.access_log_commit', $1, false)`, [mode]);
      await c.query("begin");
      await actAs(c, { role: "service_role" });
      const r = await c.query(`select public.control_plane_request_secret('vercel-bot', 'vercel_api_token') is not null as ok, current_setting('synchronous_commit') as setting`);
      await c.query("commit");
      const after = (await c.query(`show synchronous_commit`)).rows[0].synchronous_commit;
      return { ...r.rows[0], after };
    } finally {
      await c.end();
    }
  }

  it("sync by default: step 1 commits with synchronous_commit as configured (on)", async () => {
    expect(await commitSetting()).toEqual({ ok: true, setting: "on", after: "on" });
  });

  it("async on request: step 1 commits without waiting for the flush, and only that transaction", async () => {
    expect(await commitSetting("async")).toEqual({ ok: true, setting: "off", after: "on" });
  });

  it("step 2, in a transaction that wrote nothing before, commits without waiting for the flush (its row lock does not count as a write)", async () => {
    const ticket = await ticketFor(service, "vercel-bot", "vercel_api_token");
    const c = await connect();
    try {
      await c.query("begin");
      await actAs(c, service);
      const v = (await c.query(`select public.control_plane_redeem_secret($1) as v`, [ticket])).rows[0].v;
      const setting = (await c.query(`select current_setting('synchronous_commit') as s`)).rows[0].s;
      await c.query("commit");
      expect({ v, setting }).toEqual({ v: values.vercel_api_token, setting: "off" });
    } finally {
      await c.end();
    }
  });
});

describe("pg_dump after secrets are set", () => {
  it("holds neither a secret value nor the vault root key", () => {
    const t = requireTestEnv();
    const dump = execFileSync(path.join(t.pgBin, "pg_dump"), ["--no-owner", db.url], { encoding: "utf8", maxBuffer: 256 << 20 });
    const key = fs.readFileSync(path.join(t.dataDir, "ssot_vault.key"), "utf8").trim();
    expect(dump).toContain("control_plane.access_log"); // the registry, the log and the vault rows are dumped...
    expect(dump).toContain("vercel_api_token");
    for (const v of Object.values(values)) {
      expect(dump).not.toContain(v); // ...but never a value
      expect(dump).not.toContain(v.slice(0, 12));
    }
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(dump).not.toContain(key);
  });
});
