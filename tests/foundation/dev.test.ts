// `ssot dev`: saving a file in db/functions changes the function in the database. It runs on a
// copy of db/ (SSOT_DB_DIR), so the checkout's db/ is never written while other test files apply
// the project's definitions.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { spawnCli } from "../../src/testrun/run-cli.ts";
import { waitFor } from "../support/wait.ts";

let db: TestDatabase;
let dev: ChildProcess | undefined;
let output = "";
const name = `dev_probe_${randomBytes(4).toString("hex")}`;
// a real file in db/functions of a copy of the project's db/, removed after the test whatever happens
const dbCopy = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-dev-db-"));
const file = path.join(dbCopy, "functions/ssot_meta", `${name}.sql`);
const body = (v: string) =>
  `create or replace function ssot_meta.${name}() returns text language sql immutable as $$ select '${v}'::text $$;\n` +
  `comment on function ssot_meta.${name}() is 'temporary probe of the ssot dev test';\n`;

const until = <T>(what: string, fn: () => Promise<T | undefined>) =>
  waitFor(what, fn, { ms: 20_000, detail: () => `ssot dev said:\n${output}` });

const probe = () =>
  withClient(db.url, async (c) => {
    const r = await c.query(`select to_regproc('ssot_meta.${name}') is not null as has`);
    if (!r.rows[0].has) return undefined;
    return (await c.query(`select ssot_meta.${name}() as v`)).rows[0].v as string;
  });

beforeAll(async () => {
  db = await createTestDatabase("dev");
  fs.cpSync(path.resolve("db"), dbCopy, { recursive: true });
  dev = spawnCli(["dev"], { inherit: true, env: { DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url, SSOT_DB_DIR: dbCopy } });
  dev.stdout!.on("data", (d) => (output += d));
  dev.stderr!.on("data", (d) => (output += d));
  await until("the watcher", async () => (output.includes("watching") ? true : undefined));
});

afterAll(async () => {
  dev?.kill("SIGTERM");
  fs.rmSync(dbCopy, { recursive: true, force: true });
  await db?.drop();
});

describe("ssot dev", () => {
  it("applies a new definition file when it is saved, and the change when it is saved again", async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body("first"));
    expect(await until("the first version", async () => ((await probe()) === "first" ? "first" : undefined))).toBe("first");
    fs.writeFileSync(file, body("second"));
    expect(await until("the second version", async () => ((await probe()) === "second" ? "second" : undefined))).toBe("second");
    expect(output).toMatch(new RegExp(`definitions: functions/ssot_meta/${name}\\.sql`));
  });

  it("works on the copy SSOT_DB_DIR names: the checkout's db/ is not written", () => {
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(path.resolve("db/functions/ssot_meta", `${name}.sql`))).toBe(false);
  });

  it("a broken save is reported and the last good version stays", async () => {
    fs.writeFileSync(file, `create or replace function ssot_meta.${name}( returns broken`);
    await until("the error", async () => (output.includes(`db/functions/ssot_meta/${name}.sql: syntax error`) ? true : undefined));
    expect(await probe()).toBe("second");
  });
});
