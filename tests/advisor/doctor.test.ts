// `ssot doctor`: the checklist with statuses, --json, --junit FILE, and exit 1 on a failed Critical item
// or a lint at ERROR.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";

const doctor = (url: string, ...extra: string[]) => runCli(["doctor", "--database-url", url, ...extra], { inherit: true });

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase("doctor");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-doctor-"));
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("ssot doctor", () => {
  it("prints the checklist and exits 0 when no Critical item fails", () => {
    const r = doctor(db.url);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pass\s+Critical RLS enabled on all ops\.\* tables/);
    expect(r.out).not.toMatch(/Reverse proxy/); // manual items only with --manual
    expect(r.out).toMatch(/26 items a person must verify \(\d+ Critical\), outside the database: npx ssot doctor --manual/);
    expect(r.out).toMatch(/0 Critical failed/);
    const m = doctor(db.url, "--manual");
    expect(m.out).toMatch(/manual Critical Reverse proxy \(nginx\) with TLS termination \(Odoo \(DigitalOcean\)\)/);
    expect(m.out).toMatch(/nginx terminates TLS in front of Odoo/);
  });

  it("--json reports every item; manual items are manual", () => {
    const r = doctor(db.url, "--json");
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { ok: boolean; findings: { check_id: string; status: string }[] };
    expect(rep.ok).toBe(true);
    // one finding per item of the seeded checklist, whatever its evaluation
    const seeded = fs.readFileSync(path.join(import.meta.dirname, "../../db/seeds/15_hardening_checklist.yaml"), "utf8").match(/^\s+- \{ id: /gm)!.length;
    expect(seeded).toBeGreaterThan(30);
    expect(rep.findings).toHaveLength(seeded);
    const byId = Object.fromEntries(rep.findings.map((f) => [f.check_id, f.status]));
    expect(byId.rls_mirror).toBe("pass");
    expect(byId.odoo_fail2ban).toBe("manual");
    expect(byId.vercel_security_headers).toBe("manual");
  });

  it("exits 1 and writes a JUnit failure when a Critical item fails", async () => {
    await withClient(db.url, (c) => c.query("create table mirror.m_no_rls (id int)"));
    const file = path.join(dir, "doctor.xml");
    const r = doctor(db.url, "--junit", file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL\s+Critical RLS enabled on all mirror\.\* tables/);
    expect(r.out).toMatch(/RLS disabled on mirror\.m_no_rls/);
    const xml = fs.readFileSync(file, "utf8");
    expect(xml).toMatch(/<testcase classname="ssot\.doctor\.rls_mirror"[^>]*><failure message="RLS disabled on mirror\.m_no_rls" type="Critical"\/>/);
    expect(xml).toMatch(/<skipped message="manual: /);
    await withClient(db.url, (c) => c.query("drop table mirror.m_no_rls"));
    expect(doctor(db.url).code).toBe(0);
  });

  it("a secret planted outside the vault (api_key = sk-…) fails the Critical vault item", async () => {
    await withClient(db.url, async (c) => {
      await c.query("create table ai.agent_settings (id int primary key, api_key text)");
      await c.query("alter table ai.agent_settings enable row level security");
      await c.query("insert into ai.agent_settings values (1, 'sk-proj-Xk29dLw0Qm8vTz7RbN4aPq1Y')");
    });
    const r = doctor(db.url, "--json");
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.out) as { ok: boolean; findings: { check_id: string; status: string; detail: string }[] };
    const vault = rep.findings.find((f) => f.check_id === "secrets_in_vault")!;
    expect(vault.status).toBe("fail");
    expect(vault.detail).toMatch(/ai\.agent_settings/);
    expect(vault.detail).not.toMatch(/Xk29dLw0Qm8v/);
    await withClient(db.url, (c) => c.query("drop table ai.agent_settings"));
    expect(doctor(db.url).code).toBe(0);
  });

  it("exits 1 on a lint at ERROR, as its JUnit report counts it, and 0 once it is gone", async () => {
    // a view that runs with its owner's rights in an exposed schema: no Critical item covers it
    await withClient(db.url, (c) => c.query("create view public.m_definer_view as select 1 as x"));
    const file = path.join(dir, "doctor-lint.xml");
    const r = doctor(db.url, "--junit", file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/0 Critical failed; 1 lint at ERROR/);
    expect(r.out).toMatch(/ERROR security_definer_view: View public\.m_definer_view/);
    const xml = fs.readFileSync(file, "utf8");
    expect(xml).toMatch(/<testcase classname="ssot\.lint\.security_definer_view"[^>]*><failure message="View public\.m_definer_view[^"]*" type="ERROR">/);
    expect(JSON.parse(doctor(db.url, "--json").out)).toMatchObject({ ok: false, failedCritical: 0, errorLints: 1 });
    await withClient(db.url, (c) => c.query("drop view public.m_definer_view"));
    const clean = doctor(db.url);
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/0 Critical failed; 0 lints at ERROR/);
  });

  it("refuses an unwritable --junit path with exit 64 (misuse)", () => {
    const r = doctor(db.url, "--junit", path.join(dir, "missing", "x.xml"));
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/--junit .*cannot write the report/);
  });
});
