// The JSON-RPC client against the fake Odoo (tests/support/odoo-server.ts) and against a raw
// HTTP server for transport faults: Odoo's error shape surfaced, retries on transient failures
// only, timeouts, zod-validated answers, and the ODOO_* configuration.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError } from "../../src/config/env.ts";
import { OdooAuthError, OdooClient, OdooRpcError, OdooTransportError, OdooWriteRefused } from "../../src/odoo/client.ts";
import { loadOdooConfig } from "../../src/odoo/config.ts";
import { FakeOdoo } from "../support/odoo-server.ts";

let odoo: FakeOdoo;
const base = { db: "odoo", user: "seed_bot@example.com", password: "bot-password", timeoutMs: 2000, retries: 3, backoffMs: 1 };
const client = (over: Partial<typeof base> = {}) => new OdooClient({ url: odoo.url, ...base, ...over });

beforeEach(async () => {
  odoo = new FakeOdoo();
  await odoo.start();
});
afterEach(async () => {
  await odoo.stop();
});

/** A raw HTTP server answering with `handler` (for transport faults the fake does not model). */
async function rawServer(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const s = http.createServer(handler);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); }),
  };
}

describe("OdooClient", () => {
  it("authenticates, creates, writes and reads with domains", async () => {
    const c = client();
    expect(await c.authenticate()).toBe(2);
    const a = await c.create("project.project", { name: "Alpha", x_external_ref: "A" });
    const b = await c.create("project.project", { name: "Beta", x_external_ref: "B" });
    await c.create("project.project", { name: "Gamma" });
    expect(await c.write("project.project", [b], { name: "Beta 2" })).toBe(true);
    const row = z.object({ id: z.number(), name: z.string() });
    expect(await c.searchRead("project.project", [["x_external_ref", "!=", false]], ["id", "name"], row)).toEqual([{ id: a, name: "Alpha" }, { id: b, name: "Beta 2" }]);
    expect(await c.searchRead("project.project", ["|", ["name", "=", "Alpha"], ["name", "ilike", "gam"]], ["id", "name"], row)).toHaveLength(2);
    expect(await c.searchRead("project.project", ["!", ["x_external_ref", "in", ["A", "B"]]], ["name"], z.object({ id: z.number(), name: z.string() }))).toEqual([
      expect.objectContaining({ name: "Gamma" }),
    ]);
    expect(c.writes).toBe(4);
  });

  it("surfaces Odoo's error shape: exception name and message, not retried", async () => {
    const c = client();
    await c.authenticate();
    const before = odoo.requests;
    const e = await c.create("project.task", { name: "no project", bogus_field: 1 }).catch((x) => x);
    expect(e).toBeInstanceOf(OdooRpcError);
    expect(e.exception).toBe("builtins.ValueError");
    expect(e.code).toBe(200);
    expect(e.message).toBe("Odoo refused project.task.create: Invalid field 'bogus_field' in 'project.task' (builtins.ValueError)");
    expect(e.debug).toMatch(/^Traceback/);
    expect(odoo.requests - before).toBe(1);
    const m = await c.write("project.project", [999], { name: "x" }).catch((x) => x);
    expect(m.exception).toBe("odoo.exceptions.MissingError");
  });

  it("refuses a wrong password with OdooAuthError naming ODOO_USER and ODOO_DB", async () => {
    const e = await client({ password: "wrong" }).authenticate().catch((x) => x);
    expect(e).toBeInstanceOf(OdooAuthError);
    expect(e.message).toMatch(/ODOO_USER=seed_bot@example.com on database ODOO_DB=odoo/);
  });

  it("retries HTTP 503 with backoff and then succeeds; gives up after ODOO_RETRIES", async () => {
    const retries: number[] = [];
    odoo.unavailable = 2;
    const c = new OdooClient({ url: odoo.url, ...base, onRetry: (r) => retries.push(r.attempt) });
    expect(await c.authenticate()).toBe(2);
    expect(retries).toEqual([1, 2]);
    odoo.unavailable = 10;
    const e = await client({ retries: 2 }).authenticate().catch((x) => x);
    expect(e).toBeInstanceOf(OdooTransportError);
    expect(e.message).toMatch(/HTTP 503/);
    expect(odoo.unavailable).toBe(7);
  });

  it("does not retry a 404 (wrong ODOO_URL) or a non-JSON answer", async () => {
    const s = await rawServer((req, res) => {
      if (req.url === "/jsonrpc") res.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>");
      else res.writeHead(404).end();
    });
    let hits = 0;
    const counting = (async (u: string, i: RequestInit) => { hits++; return fetch(u, i); }) as typeof fetch;
    const e1 = await new OdooClient({ url: s.url + "/wrong", ...base, fetch: counting }).authenticate().catch((x) => x);
    expect(e1.message).toMatch(/HTTP 404/);
    expect(hits).toBe(1);
    const e2 = await new OdooClient({ url: s.url, ...base, fetch: counting }).authenticate().catch((x) => x);
    expect(e2.message).toMatch(/did not answer JSON/);
    expect(hits).toBe(2);
    await s.close();
  });

  it("times out; a read is retried, a create is not (it may have run)", async () => {
    let hits = 0;
    const s = await rawServer(() => { hits++; /* never answers */ });
    const c = new OdooClient({ url: s.url, ...base, timeoutMs: 150, retries: 2 });
    const e = await c.call("common", "version", []).catch((x: Error) => x);
    expect(e).toBeInstanceOf(OdooTransportError);
    expect((e as Error).message).toMatch(/within 150 ms \(ODOO_TIMEOUT_MS\)/);
    expect(hits).toBe(3);
    hits = 0;
    const w = await c.call("object", "execute_kw", ["odoo", 2, "pw", "project.task", "create", [{ name: "x" }], {}], "project.task.create", false).catch((x) => x);
    expect(w).toBeInstanceOf(OdooTransportError);
    expect(hits).toBe(1);
    await s.close();
  });

  it("rejects an answer that is not JSON-RPC 2.0 or not the expected shape", async () => {
    const s = await rawServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: 1, result: 2 })));
    const e = await new OdooClient({ url: s.url, ...base }).authenticate().catch((x) => x);
    expect(e.message).toMatch(/not a JSON-RPC 2.0 answer/);
    await s.close();
    const c = client();
    const bad = await c.executeKw("project.project", "search_read", [[]], { fields: ["name"] }, z.array(z.object({ name: z.number() }))).catch((x) => x);
    // an empty list is valid: add a record so the shape is wrong
    expect(bad).toEqual([]);
    await c.create("project.project", { name: "P" });
    const bad2 = await c.executeKw("project.project", "search_read", [[]], { fields: ["name"] }, z.array(z.object({ name: z.number() }))).catch((x) => x);
    expect(bad2.message).toMatch(/project.project.search_read: unexpected answer/);
  });
});

describe("the allow-list of writable models", () => {
  const allowList = "project.project, project.task, project.task.type, project.tags";

  it("refuses a change to any other model, by every path, before sending anything; reads stay open", async () => {
    const c = client();
    const uid = await c.authenticate();
    const before = odoo.requests;
    const viaCreate = await c.create("res.users", { name: "Intruder", login: "intruder@example.com" }).catch((x) => x);
    expect(viaCreate).toBeInstanceOf(OdooWriteRefused);
    expect(viaCreate.message).toBe(`refused to call res.users.create: ssot writes only to the models ${allowList}`);
    const viaWrite = await c.write("res.company", [1], { name: "Renamed" }).catch((x) => x);
    expect(viaWrite.message).toBe(`refused to call res.company.write: ssot writes only to the models ${allowList}`);
    // the raw call, as code that bypassed create/write would make it; an unknown method counts as a change
    const raw = (await c.call("object", "execute_kw", ["odoo", uid, "bot-password", "res.users", "unlink", [[2]], {}]).catch((x: Error) => x)) as Error;
    expect(raw.message).toBe(`refused to call res.users.unlink: ssot writes only to the models ${allowList}`);
    const action = await c.call("object", "execute_kw", ["odoo", uid, "bot-password", "res.users", "action_reset_password", [[2]], {}]).catch((x) => x);
    expect(action).toBeInstanceOf(OdooWriteRefused);
    const otherService = (await c.call("db", "drop", ["admin", "odoo"]).catch((x: Error) => x)) as Error;
    expect(otherService.message).toBe("refused to call db.drop: ssot calls only common.authenticate, common.login, common.version and object.execute_kw");
    expect(odoo.requests).toBe(before);
    expect(odoo.writes).toEqual([]);
    expect(c.writes).toBe(0);
    expect(odoo.find("res.users", (u) => u.login === "intruder@example.com")).toEqual([]);
    expect(await c.searchRead("res.users", [], ["login"], z.object({ id: z.number(), login: z.string() }))).toHaveLength(1);
  });

  it("a dry run sends reads only and answers changes itself, after the same guard", async () => {
    const c = new OdooClient({ url: odoo.url, ...base, dryRun: true });
    await c.authenticate();
    expect(await c.create("project.project", { name: "Planned" })).toBe(-1);
    expect(await c.create("project.tags", { name: "t" })).toBe(-2);
    expect(await c.write("project.project", [1], { name: "x" })).toBe(true);
    const refused = await c.create("res.users", { name: "Intruder" }).catch((x) => x);
    expect(refused.message).toBe(`refused to call res.users.create: ssot writes only to the models ${allowList}`);
    expect(c.writes).toBe(3);
    expect(c.planned.map((p) => `${p.model}.${p.method}`)).toEqual(["project.project.create", "project.tags.create", "project.project.write"]);
    expect(odoo.calls).toEqual(["common.authenticate"]);
    expect(odoo.writes).toEqual([]);
  });
});

describe("loadOdooConfig", () => {
  const good = { ODOO_URL: "https://erp.example.com", ODOO_DB: "production", ODOO_USER: "bot@example.com", ODOO_PASSWORD: "x" };
  it("reads the four variables with defaults for timeout and retries", () => {
    expect(loadOdooConfig(good)).toEqual({ url: "https://erp.example.com", db: "production", user: "bot@example.com", password: "x", timeoutMs: 30000, retries: 3 });
  });
  it("names the missing or invalid variable", () => {
    expect(() => loadOdooConfig({ ...good, ODOO_PASSWORD: "" })).toThrow(/^ODOO_PASSWORD is not set/);
    expect(() => loadOdooConfig({ ...good, ODOO_URL: "erp.example.com" })).toThrow(ConfigError);
    expect(() => loadOdooConfig({ ...good, ODOO_URL: "erp.example.com" })).toThrow(/^ODOO_URL="erp.example.com" is invalid/);
    expect(() => loadOdooConfig({ ...good, ODOO_TIMEOUT_MS: "soon" })).toThrow(/^ODOO_TIMEOUT_MS="soon" is invalid/);
  });
});
