// The secret accessor with committed data: a refused attempt's log row survives (the call returns
// NULL instead of raising, so the caller's transaction commits it), concurrent reads each log one
// row, and a pg_dump after secrets were set holds neither a value nor the vault's root key.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, requireTestEnv, type TestDatabase } from "../../src/testing/cluster.ts";
import { actAs, type RequestContext } from "../../src/testing/roles.ts";

const values = { vercel_api_token: "vtok-Q3u8xLr2Pz7kW1nM5bV9", do_api_token: "dop_v1_" + "a1b2c3d4e5f6".repeat(5) + "abcd" };
let db: TestDatabase;

/** One PostgREST-like request that COMMITS (unlike withRole, which always rolls back). */
async function committedCall(ctx: RequestContext, bot: string, secret: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: db.url });
  c.on("notice", () => {});
  await c.connect();
  try {
    await c.query("begin");
    await actAs(c, ctx);
    const r = await c.query(`select public.control_plane_get_secret_logged($1, $2) as v`, [bot, secret]);
    await c.query("commit");
    return r.rows[0].v;
  } finally {
    await c.end();
  }
}

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

describe("control_plane_get_secret_logged with committed transactions", () => {
  it("a refused attempt returns NULL and its log row survives", async () => {
    const before = await logCount(`outcome = 'refused'`);
    const v = await committedCall({ role: "authenticated", claims: { sub: "11111111-1111-4111-8111-111111111111", bot_id: "bugbot" }, headers: { "x-forwarded-for": "192.0.2.9" } }, "vercel-bot", "vercel_api_token");
    expect(v).toBeNull();
    expect(await logCount(`outcome = 'refused'`)).toBe(before + 1);
    expect(await logCount(`outcome = 'refused' and bot_id = 'vercel-bot' and jwt_bot_id = 'bugbot' and client_ip = '192.0.2.9'`)).toBe(1);
  });

  it("each refusal kind leaves one refused row and no value", async () => {
    const cases: Array<[RequestContext, string, string]> = [
      [{ role: "service_role" }, "ghost-bot", "vercel_api_token"],
      [{ role: "service_role" }, "bugbot", "vercel_api_token"],
      [{ role: "authenticated", claims: { sub: "22222222-2222-4222-8222-222222222222" } }, "vercel-bot", "vercel_api_token"],
    ];
    const before = await logCount(`outcome = 'refused'`);
    for (const [ctx, bot, secret] of cases) expect(await committedCall(ctx, bot, secret)).toBeNull();
    expect(await logCount(`outcome = 'refused'`)).toBe(before + cases.length);
  });

  it("concurrent granted reads each log exactly one row", async () => {
    const before = await logCount(`outcome = 'granted' and access_type = 'read'`);
    const got = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2
          ? committedCall({ role: "service_role" }, "vercel-bot", "vercel_api_token")
          : committedCall({ role: "authenticated", claims: { sub: "33333333-3333-4333-8333-333333333333", bot_id: "do-infra-bot" } }, "do-infra-bot", "do_api_token"),
      ),
    );
    expect(got.filter((v) => v === values.vercel_api_token)).toHaveLength(4);
    expect(got.filter((v) => v === values.do_api_token)).toHaveLength(4);
    expect(await logCount(`outcome = 'granted' and access_type = 'read'`)).toBe(before + 8);
  });
});

describe("the log row's commit mode (ssot.access_log_commit)", () => {
  /** synchronous_commit as the request's COMMIT will see it, after one call in a fresh transaction. */
  async function commitSetting(mode?: string): Promise<{ setting: string; v: string | null; after: string }> {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      if (mode) await c.query(`select set_config('ssot.access_log_commit', $1, false)`, [mode]);
      await c.query("begin");
      await actAs(c, { role: "service_role" });
      const r = await c.query(`select public.control_plane_get_secret_logged('vercel-bot', 'vercel_api_token') as v, current_setting('synchronous_commit') as setting`);
      await c.query("commit");
      const after = (await c.query(`show synchronous_commit`)).rows[0].synchronous_commit;
      return { ...r.rows[0], after };
    } finally {
      await c.end();
    }
  }

  it("async by default: a request transaction commits without waiting for the flush, and only that transaction", async () => {
    const before = await logCount(`outcome = 'granted'`);
    expect(await commitSetting()).toEqual({ v: values.vercel_api_token, setting: "off", after: "on" });
    expect(await logCount(`outcome = 'granted'`)).toBe(before + 1);
  });

  it("sync on request: the commit waits for the log row's flush", async () => {
    expect(await commitSetting("sync")).toEqual({ v: values.vercel_api_token, setting: "on", after: "on" });
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
