// `ssot check` compares the project's types/database.ts (in the working directory) with the types
// generated from the database it checks: fresh passes, a function added or re-signed in an exposed
// schema fails `types_stale` naming the file, `ssot gen types` makes it pass again. Each test works
// on a copy of the committed file in a folder of its own: the repository's file is never written.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/cluster/paths.ts";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { cliEnv, ssotBin, type CliResult } from "../../src/testrun/run-cli.ts";
import { ssotOnProfile, supabaseProfileFromProcess } from "../../src/testrun/supabase.ts";

const committed = path.join(projectRoot, "types/database.ts");
const sha = () => createHash("sha256").update(fs.readFileSync(committed)).digest("hex");

let db: TestDatabase;
let project: string;
let committedSha: string;
beforeAll(async () => {
  committedSha = sha();
  db = await createTestDatabase("typesstale");
  project = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-types-"));
  fs.mkdirSync(path.join(project, "types"));
  fs.copyFileSync(committed, path.join(project, "types/database.ts"));
});
afterAll(async () => {
  fs.rmSync(project, { recursive: true, force: true });
  await db?.drop();
});

/** `ssot <args>` run from `cwd` (the project whose types/database.ts it compares). */
function ssotIn(cwd: string, args: string[]): CliResult {
  const r = spawnSync(process.execPath, [ssotBin, ...args], { cwd, encoding: "utf8", input: "", env: cliEnv({}, true) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

type Report = { ok: boolean; failures: { check_name: string; object: string; problem: string; fix: string }[]; types: { file: string; status: string } };
function check(cwd = project): { code: number | null; report: Report; err: string } {
  const r = ssotIn(cwd, ["check", "--database-url", db.url, "--json"]);
  return { code: r.code, report: JSON.parse(r.out) as Report, err: r.err };
}

const sql = (q: string) => withClient(db.url, (c) => c.query(q));

const probe = (arg: string) => `create function public.m_types_probe(${arg} integer) returns integer
  language sql stable security invoker set search_path = pg_catalog, pg_temp as 'select 1';
  comment on function public.m_types_probe(integer) is 'RPC: a probe of the types check.';
  revoke execute on function public.m_types_probe(integer) from public, anon, authenticated`;

describe("ssot check and the committed types/database.ts", () => {
  it("passes on a freshly migrated database: the committed file is fresh", () => {
    const r = check();
    expect(r.err).toBe("");
    expect(r.report.failures).toEqual([]);
    expect(r.report.types).toEqual({ file: "types/database.ts", status: "fresh" });
    expect(r.code).toBe(0);
    const plain = ssotIn(project, ["check", "--database-url", db.url]);
    expect(plain.out).toMatch(/^types: types\/database\.ts matches the exposed schemas \(public, rag\)$/m);
  }, 120_000);

  it("ignores formatting: no header, other indentation, single quotes, CRLF and semicolons", () => {
    const text = fs.readFileSync(committed, "utf8");
    const reformatted = text
      .split("\n")
      .filter((l) => !l.startsWith("//"))
      .map((l) => l.replace(/^( *)/, "$1$1").replace(/"/g, "'").replace(/^(\s+\w+\??: [\w[\]<>|. ]+)$/, "$1;"))
      .join("\r\n");
    expect(reformatted).not.toBe(text);
    expect(reformatted).toMatch(/;\r\n/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-types-fmt-"));
    try {
      fs.mkdirSync(path.join(dir, "types"));
      fs.writeFileSync(path.join(dir, "types/database.ts"), reformatted);
      const r = check(dir);
      expect(r.report.types.status).toBe("fresh");
      expect(r.code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  // the steps below run in order on the same database and project folder (a function added, the file
  // regenerated, the function re-signed, dropped); each CLI run compiles and generates, hence the time
  it("fails types_stale naming types/database.ts when an exposed function is added", async () => {
    await sql(probe("n"));
    const added = check();
    expect(added.code).toBe(1);
    expect(added.report.failures.map((f) => `${f.check_name} ${f.object}`)).toEqual(["types_stale types/database.ts"]);
    expect(added.report.failures[0]!.problem).toMatch(/exposed schemas \(public, rag\): first difference in Database\.public\.Functions: the database gives `m_types_probe : \{ Args : \{ n :`, the file has `\w+ : \{ Args/);
    expect(added.report.failures[0]!.fix).toMatch(/^npx ssot gen types /);
    const plain = ssotIn(project, ["check", "--database-url", db.url]);
    expect(plain.code).toBe(1);
    expect(plain.out).toMatch(/^FAIL types_stale {2}types\/database\.ts: /m);
  }, 120_000);

  it("passes again once ssot gen types has rewritten the project's file", () => {
    const gen = ssotIn(project, ["gen", "types", "--database-url", db.url]);
    expect(gen.err).toBe("");
    expect(gen.out).toMatch(/^ssot gen types: wrote types\/database\.ts \(schemas public, rag, \d+ lines\)$/m);
    expect(fs.readFileSync(path.join(project, "types/database.ts"), "utf8")).toMatch(/m_types_probe: \{ Args: \{ n: number \}; Returns: number \}/);
    expect(check().code).toBe(0);
  }, 120_000);

  it("fails again when the function's argument is renamed (supabase-js calls by name), and passes once regenerated", async () => {
    await sql(`drop function public.m_types_probe(integer); ${probe("amount")}`);
    const resigned = check();
    expect(resigned.code).toBe(1);
    expect(resigned.report.failures[0]!.problem).toMatch(/first difference in Database\.public\.Functions\.m_types_probe\.Args: the database gives `amount : number/);
    expect(ssotIn(project, ["gen", "types", "--database-url", db.url]).code).toBe(0);
    expect(check().code).toBe(0);
  }, 120_000);

  it("fails when an exposed function the file has is dropped; the repository's file was never written", async () => {
    await sql(`drop function public.m_types_probe(integer)`);
    expect(check().report.failures.map((f) => f.check_name)).toEqual(["types_stale"]);
    expect(sha()).toBe(committedSha);
  }, 120_000);

  it("does not compare, and says so, when the project has no types/database.ts", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-types-none-"));
    try {
      const r = ssotIn(empty, ["check", "--database-url", db.url]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`types: no types/database.ts in ${empty}, not compared (npx ssot gen types writes it)`);
      expect(check(empty).report.types).toEqual({ file: "types/database.ts", status: "absent" });
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("on the Supabase profile, as its non-superuser postgres", () => {
  it("ssot gen types writes what is committed, and ssot check finds the committed file fresh", () => {
    const p = supabaseProfileFromProcess();
    if (!p) throw new Error("the Supabase profile is not prepared: run tests with `npm test`");
    const gen = ssotOnProfile(p, ["gen", "types", "--out", "-"]);
    expect(gen.err).toBe("");
    expect(gen.code).toBe(0);
    // byte for byte: the same generator on the same schema formats the same way
    expect(gen.out).toBe(fs.readFileSync(committed, "utf8"));
    const r = ssotOnProfile(p, ["check", "--database-url", p.url, "--json"]);
    const report = JSON.parse(r.out) as Report;
    expect(report.types).toEqual({ file: "types/database.ts", status: "fresh" });
    expect(report.failures.filter((f) => f.check_name === "types_stale")).toEqual([]);
  }, 120_000);
});
