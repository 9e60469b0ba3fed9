// The credential lifecycle end to end through the CLI, as an operator after a leak: a credential
// marked exposed fails `ssot doctor` until a new value is set (vault) or the rotation recorded
// (external); and the CLI's own API credentials come from the vault through the audited accessor,
// an environment variable overriding it with a warning from the doctor.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCli, runCliAsync } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;
const env = (extra: Record<string, string> = {}) => ({ DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url, EMBEDDINGS_URL: "", EMBEDDINGS_API_KEY: "", ODOO_PASSWORD: "", ...extra });
const ssot = (args: string[], input?: string, extra?: Record<string, string>) => runCli(args, { inherit: true, input, env: env(extra) });
const sql = (q: string, p: unknown[] = []) => withClient(db.url, (c) => c.query(q, p));

function doctor(extra?: Record<string, string>) {
  const r = ssot(["doctor", "--json"], undefined, extra);
  const rep = JSON.parse(r.out) as { ok: boolean; lints: { name: string; level: string; detail: string }[] };
  return { code: r.code, rep };
}

beforeAll(async () => {
  db = await createTestDatabase("lifecycle");
});
afterAll(async () => {
  await db?.drop();
});

describe("exposure", () => {
  it("a vault secret: exposed, the doctor fails naming it, a new value, the doctor passes", async () => {
    expect(ssot(["secret", "set", "vercel_api_token"], "vtok-first-value-0001").code).toBe(0);
    expect(doctor().code).toBe(0);
    const m = ssot(["secret", "exposed", "vercel_api_token", "--reason", "pasted in a public issue"]);
    expect(m.code, m.err).toBe(0);
    const bad = doctor();
    expect(bad.code).toBe(1);
    expect(bad.rep.lints.filter((l) => l.name === "secret_exposed").map((l) => l.level)).toEqual(["ERROR"]);
    expect(bad.rep.lints.find((l) => l.name === "secret_exposed")!.detail).toContain("vercel_api_token");
    expect(ssot(["secret", "list", "--overdue"]).code).toBe(1);
    expect(ssot(["secret", "set", "vercel_api_token"], "vtok-second-value-0002").code).toBe(0);
    const good = doctor();
    expect(good.rep.lints.filter((l) => l.name === "secret_exposed")).toEqual([]);
    expect(good.code).toBe(0);
    const ev = await sql(`select event_type from ops.events where payload ->> 'secret' = 'vercel_api_token' order by id`);
    expect(ev.rows.map((r) => r.event_type)).toEqual(["secret.set", "secret.exposed", "secret.rotated"]);
  });

  it("an external credential: ssot secret set refuses it, ssot secret rotated ends the exposure", () => {
    expect(ssot(["secret", "exposed", "supabase_service_role_key", "--reason", "in a CI log"]).code).toBe(0);
    expect(doctor().code).toBe(1);
    const set = ssot(["secret", "set", "supabase_service_role_key"], "eyJ.never.stored");
    expect(set.code).toBe(1);
    expect(set.err).toMatch(/lives outside the vault.*ssot secret rotated supabase_service_role_key/);
    expect(set.out + set.err).not.toContain("eyJ.never.stored");
    const rec = ssot(["secret", "rotated", "supabase_service_role_key", "--note", "rotated in the dashboard"]);
    expect(rec.code, rec.err).toBe(0);
    expect(doctor().code).toBe(0);
  });

  it("refuses a missing reason (usage), an empty one and an unknown name (the database), and marks nothing", async () => {
    expect(ssot(["secret", "exposed", "do_api_token"]).code).toBe(64);
    const empty = ssot(["secret", "exposed", "do_api_token", "--reason", " "]);
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/say why it is exposed/);
    const unknown = ssot(["secret", "exposed", "no_such_key", "--reason", "x"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/unknown secret "no_such_key"/);
    expect((await sql(`select count(*)::int as n from control_plane.secrets where exposed_at is not null`)).rows[0].n).toBe(0);
  });
});

describe("the CLI's API credentials", () => {
  // An OpenAI-compatible embeddings endpoint (the real service cannot be reached here): it answers
  // POST /embeddings with one 1536-dimension vector per input and records the Authorization header.
  const seen: (string | undefined)[] = [];
  let server: http.Server;
  let url = "";
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        seen.push(req.headers.authorization);
        const input = (JSON.parse(body) as { input: string[] }).input;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ data: input.map((_, i) => ({ index: i, embedding: Array.from({ length: 1536 }, (_, k) => ((k + i) % 7) / 7) })) }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const readsBy = async () => (await sql(`select count(*)::int as n from control_plane.access_log where secret_name = 'embeddings_api_key' and bot_id = 'ssot-cli' and outcome = 'granted'`)).rows[0].n as number;

  it("reads the embeddings key from the vault through the audited accessor", async () => {
    expect(ssot(["secret", "set", "embeddings_api_key"], "emb-vault-key-0001").code).toBe(0);
    const r = await runCliAsync(["rag", "search", "anything", "--json"], { inherit: true, env: env({ EMBEDDINGS_URL: url }) });
    expect(r.code, r.err).toBe(0);
    expect(seen.at(-1)).toBe("Bearer emb-vault-key-0001");
    expect(await readsBy()).toBe(1);
  });

  it("an environment variable overrides the vault, is not logged, and the doctor warns about it", async () => {
    const r = await runCliAsync(["rag", "search", "anything", "--json"], { inherit: true, env: env({ EMBEDDINGS_URL: url, EMBEDDINGS_API_KEY: "emb-env-key-0002" }) });
    expect(r.code, r.err).toBe(0);
    expect(seen.at(-1)).toBe("Bearer emb-env-key-0002");
    expect(await readsBy()).toBe(1);
    const d = doctor({ EMBEDDINGS_API_KEY: "emb-env-key-0002" });
    const w = d.rep.lints.filter((l) => l.name === "credential_env_override");
    expect(w.map((l) => l.level)).toEqual(["WARN"]);
    expect(w[0]!.detail).toMatch(/EMBEDDINGS_API_KEY is set: ssot rag uses it instead of the vault secret embeddings_api_key/);
    expect(d.code).toBe(0);
    expect(doctor().rep.lints.filter((l) => l.name === "credential_env_override")).toEqual([]);
  });
});
