// The CLI of this issue against a database of its own (DATABASE_URL): `ssot secret set` reads the
// value from stdin and never prints it, `ssot secret list` shows names and due dates only,
// `ssot cron enable|disable|list` and their errors; the control-plane seed kinds refuse bad rows.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { parseSeedFile, SeedError } from "../../src/seeds/load.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;
const value = "sk-cli-test-" + "Zq8Wm3Lp0Rt5Yv2Nx7Kc";

const ssot = (args: string[], input?: string) => runCli(args, { inherit: true, input, env: { DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url } });

beforeAll(async () => {
  db = await createTestDatabase("cli");
});
afterAll(async () => {
  await db?.drop();
});

describe("ssot secret", () => {
  it("set reads the value from stdin, stores it in the vault and never prints it", async () => {
    const r = ssot(["secret", "set", "vercel_api_token"], value + "\n");
    expect(r.code).toBe(0);
    expect(r.out + r.err).not.toContain(value);
    const got = await withClient(db.url, (c) => c.query(`select decrypted_secret from vault.decrypted_secrets where name = 'vercel_api_token'`));
    expect(got.rows[0].decrypted_secret).toBe(value); // the trailing newline is dropped
  });

  it("set refuses an unregistered name (exit 1, the database refuses) and an empty value (exit 64, before the database)", () => {
    const a = ssot(["secret", "set", "not_registered"], "x");
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/unknown secret "not_registered"/);
    const b = ssot(["secret", "set", "do_api_token"], "");
    expect(b.code).toBe(64);
    expect(b.err).toMatch(/empty value/);
  });

  it("list shows names, states and due dates, never values", () => {
    const r = ssot(["secret", "list", "--json"]);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(value);
    const rows = JSON.parse(r.out) as Array<{ name: string; state: string; due: string | null }>;
    const v = rows.find((x) => x.name === "vercel_api_token")!;
    expect(v.state).toBe("ok");
    expect(v.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rows.find((x) => x.name === "do_api_token")!.state).toBe("unset");
    expect(ssot(["secret", "list", "--overdue"]).code).toBe(1); // unset secrets fail the CI check
  });
});

describe("ssot cron", () => {
  it("enable and disable flip a declared job; an unknown job is an error", async () => {
    await withClient(db.url, (c) => c.query(`select ops.cron_declare('ppm-reminders', '0 1 * * 1', 'Mondays 09:00 Asia/Manila', $$select ops.cron_n8n('ppm-reminders')$$, 'test')`));
    expect(ssot(["cron", "enable", "ppm-reminders"]).code).toBe(0);
    const list = JSON.parse(ssot(["cron", "list", "--json"]).out) as Array<{ name: string; enabled: boolean; local_time: string }>;
    expect(list.find((j) => j.name === "ppm-reminders")).toMatchObject({ enabled: true, local_time: "Mondays 09:00 Asia/Manila" });
    expect(ssot(["cron", "disable", "ppm-reminders"]).code).toBe(0);
    const again = await withClient(db.url, (c) => c.query(`select enabled from ops.cron_jobs where name = 'ppm-reminders'`));
    expect(again.rows[0].enabled).toBe(false);
    const bad = ssot(["cron", "enable", "no-such-job"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/unknown cron job "no-such-job"/);
  });
});

describe("control-plane seed kinds", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-cp-seeds-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (body: string) => {
    const f = path.join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
    fs.writeFileSync(f, body);
    return f;
  };

  it("refuses a value key in a secrets seed (values never live in the repository)", () => {
    const f = write(`kind: secrets\nrows:\n  - { name: x_token, owner: me, cadence: quarterly, description: "a token for tests", value: "s3cr3t" }\n`);
    expect(() => parseSeedFile(f)).toThrow(SeedError);
    expect(() => parseSeedFile(f)).toThrow(/rows\[0\].*value/);
  });

  it("refuses an unknown cadence and a bad bot id", () => {
    expect(() => parseSeedFile(write(`kind: secrets\nrows:\n  - { name: x_token, owner: me, cadence: monthly, description: "a token for tests" }\n`))).toThrow(/cadence/);
    expect(() => parseSeedFile(write(`kind: bots\nrows:\n  - { bot_id: "Bad Bot", display_name: B, active: true }\n`))).toThrow(/bot_id/);
  });

  it("refuses an external credential without held_by, held_by on a vault secret, and a name the registry cannot hold", () => {
    const row = (extra: string, name = "x_token") => write(`kind: secrets\nrows:\n  - { name: ${name}, owner: me, cadence: quarterly, description: "a token for tests"${extra} }\n`);
    expect(() => parseSeedFile(row(", location: external"))).toThrow(/held_by.*required with location: external/);
    expect(() => parseSeedFile(row(`, held_by: "Somewhere"`))).toThrow(/held_by/);
    expect(() => parseSeedFile(row(", location: elsewhere"))).toThrow(/location/);
    expect(() => parseSeedFile(row("", "Bad.Name"))).toThrow(/name/);
    expect(parseSeedFile(row(`, location: external, held_by: "the Supabase dashboard"`)).rows).toHaveLength(1);
    expect(parseSeedFile(row("", "odoo.acme-2.webhook_secret")).rows).toHaveLength(1);
  });
});
