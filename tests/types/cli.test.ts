// `ssot gen types` errors: one line and the exit code of their class (README.md, "Exit codes"), and
// nothing written. An --out that cannot be written is refused before the database is read.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabase } from "../../src/db/client.ts";
import { requireTestEnv } from "../../src/testrun/cluster.ts";
import { errLines, runCli } from "../../src/testrun/run-cli.ts";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-gentypes-cli-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const gen = (...args: string[]) => runCli(["gen", "types", ...args], { inherit: true });
const unreachable = "postgres://u:hunter2secret@127.0.0.1:1/x";

describe("ssot gen types refuses", () => {
  it("a --database-url that is not a postgres:// URL (exit 64)", () => {
    const r = gen("--database-url", "mysql://nope", "--out", path.join(dir, "a.ts"));
    expect(errLines(r)).toEqual([expect.stringMatching(/^ssot: --database-url "mysql:\/\/nope" is invalid/)]);
    expect(r.code).toBe(64);
    expect(fs.existsSync(path.join(dir, "a.ts"))).toBe(false);
  });

  it("a database it cannot reach (exit 2), password masked", () => {
    const r = gen("--database-url", unreachable, "--out", path.join(dir, "b.ts"));
    expect(errLines(r)).toEqual([expect.stringMatching(/^ssot: cannot connect to postgres:\/\/u:\*\*\*\*@127\.0\.0\.1:1\/x: connection refused/)]);
    expect(r.code).toBe(2);
    expect(fs.existsSync(path.join(dir, "b.ts"))).toBe(false);
  });

  it("a database without ssot (exit 1: nothing says which schemas are exposed)", () => {
    const r = gen("--database-url", withDatabase(requireTestEnv().rootUrl, "postgres"), "--out", path.join(dir, "c.ts"));
    expect(errLines(r)).toEqual([expect.stringMatching(/advisor\.exposed_schemas\(\) is not installed in this database: run `ssot migrate` against it first$/)]);
    expect(r.code).toBe(1);
    expect(fs.existsSync(path.join(dir, "c.ts"))).toBe(false);
  });

  it("an --out that is a directory, or under a file (exit 64, before connecting)", () => {
    const file = path.join(dir, "plain");
    fs.writeFileSync(file, "x");
    for (const [out, why] of [[dir, /it is a directory$/], [path.join(file, "database.ts"), /ENOTDIR|EEXIST/]] as const) {
      // the database is unreachable too: the --out error comes first, so nothing was read
      const r = gen("--database-url", unreachable, "--out", out);
      const lines = errLines(r);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^ssot: --out ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: cannot write the types there: `));
      expect(lines[0]).toMatch(why);
      expect(r.code).toBe(64);
    }
    expect(fs.readFileSync(file, "utf8")).toBe("x");
  });
});
