// `ssot report` on the command line: the exit code of each class, --out and its default, and a page
// that is self-contained (nothing fetched: no src, no external href, no url(), no @import, no script).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { projectRoot } from "../../src/cluster/paths.ts";
import { createTestDatabase, requireTestEnv, type TestDatabase } from "../../src/testrun/cluster.ts";
import { errLines, runCliAsync } from "../../src/testrun/run-cli.ts";
import { supabaseProfileFromProcess } from "../../src/testrun/supabase.ts";

let db: TestDatabase;
let tmp: string;

beforeAll(async () => {
  db = await createTestDatabase("reportcli");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-report-"));
});
afterAll(async () => {
  await db?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

it("writes --out, exit 0, one line naming the file; the page fetches nothing and holds no script", async () => {
  const out = path.join(tmp, "nested", "r.html");
  const r = await runCliAsync(["report", "--database-url", db.url, "--out", out]);
  expect(errLines(r)).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.out.trim()).toBe(`ssot report: wrote ${out} (doctor ok)`);
  const html = fs.readFileSync(out, "utf8");
  expect(html.startsWith("<!doctype html>")).toBe(true);
  expect(html).not.toMatch(/<script|\ssrc=|@import|url\(/i);
  expect(html.match(/href="[^"]*"/g)?.every((h) => h.startsWith('href="#'))).toBe(true);
  expect(html).toContain("default-src 'none'");
  // the password of the URL is masked in the page
  const password = new URL(db.url).password;
  if (password) expect(html).not.toContain(password);
});

it("defaults --out to .ssot/report.html", async () => {
  const file = path.join(projectRoot, ".ssot", "report.html");
  fs.rmSync(file, { force: true });
  const r = await runCliAsync(["report", "--database-url", db.url]);
  expect(r.code).toBe(0);
  expect(r.out).toContain(`wrote ${path.join(".ssot", "report.html")}`);
  expect(fs.existsSync(file)).toBe(true);
});

it("runs in a READ ONLY transaction: a database that refuses every write still gets its report", async () => {
  const c = new pg.Client({ connectionString: requireTestEnv().rootUrl });
  await c.connect();
  try {
    await c.query(`alter database ${pg.escapeIdentifier(db.name)} set default_transaction_read_only = on`);
    const out = path.join(tmp, "ro.html");
    const r = await runCliAsync(["report", "--database-url", db.url, "--out", out]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).not.toContain("data-unavailable");
  } finally {
    await c.query(`alter database ${pg.escapeIdentifier(db.name)} reset default_transaction_read_only`);
    await c.end();
  }
});

it("on the Supabase profile, as its non-superuser postgres: every section is available", async () => {
  const profile = supabaseProfileFromProcess();
  if (!profile) throw new Error("the Supabase profile is not prepared: run tests with `npm test`");
  const out = path.join(tmp, "supabase.html");
  const r = await runCliAsync(["report", "--database-url", profile.url, "--out", out]);
  expect(errLines(r)).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.out).not.toContain("unavailable");
  expect(fs.readFileSync(out, "utf8")).not.toContain("data-unavailable");
});

it("a --database-url that is not a postgres URL is misuse: exit 64, nothing written", async () => {
  const out = path.join(tmp, "bad.html");
  const r = await runCliAsync(["report", "--database-url", "not-a-url", "--out", out]);
  expect(r.code).toBe(64);
  expect(errLines(r)).toHaveLength(1);
  expect(fs.existsSync(out)).toBe(false);
});

it("an unreachable database: exit 2, one line with the password masked, nothing written", async () => {
  const out = path.join(tmp, "down.html");
  const r = await runCliAsync(["report", "--database-url", "postgres://u:hunter2@127.0.0.1:1/x", "--out", out], { env: { PGCONNECT_TIMEOUT: "3" } });
  expect(r.code).toBe(2);
  const lines = errLines(r);
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain("hunter2");
  expect(fs.existsSync(out)).toBe(false);
});

it("a database without ssot's schemas: exit 1, says to migrate", async () => {
  const r = await runCliAsync(["report", "--database-url", requireTestEnv().rootUrl, "--out", path.join(tmp, "none.html")]);
  expect(r.code).toBe(1);
  expect(errLines(r).join("\n")).toMatch(/no ssot schema: run `ssot migrate`/);
});

it("an --out it cannot write: exit 64, one line", async () => {
  const blocker = path.join(tmp, "file");
  fs.writeFileSync(blocker, "");
  const r = await runCliAsync(["report", "--database-url", db.url, "--out", path.join(blocker, "r.html")]);
  expect(r.code).toBe(64);
  expect(errLines(r)[0]).toMatch(/^ssot: --out .*cannot write the report/);
});
