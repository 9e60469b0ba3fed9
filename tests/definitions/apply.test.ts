// The definitions applier: one transaction, changed files only, everything again when the schema
// moved (a new migration), and a failing file names itself and applies nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { applyDefinitions } from "../../src/definitions/apply.ts";
import { listDefinitions } from "../../src/definitions/files.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";

let db: TestDatabase;
const root = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-defs-"));

function put(rel: string, sql: string) {
  const f = path.join(root, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, sql);
}
const fn = (body: string) =>
  `create or replace function public.defs_probe() returns text language sql immutable as $$ select '${body}'::text $$;`;
const probe = () => withClient(db.url, async (c) => (await c.query(`select public.defs_probe() as v`)).rows[0].v);

beforeAll(async () => {
  db = await createTestDatabase("defs");
  put("functions/public/defs_probe.sql", fn("one"));
  put("functions/public/other.sql", `create or replace function public.defs_other() returns int language sql immutable as $$ select 1 $$;`);
  put("policies/public/probe.sql", `comment on function public.defs_probe() is 'policies run after functions';`);
  put("cron/probe.sql", `select 1;`);
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("definitions applier", () => {
  it("lists functions, then policies, then cron", () => {
    expect(listDefinitions(root).map((d) => d.key)).toEqual([
      "functions/public/defs_probe.sql",
      "functions/public/other.sql",
      "policies/public/probe.sql",
      "cron/probe.sql",
    ]);
  });

  it("applies everything the first time and skips cron where pg_cron is absent", async () => {
    const r = await applyDefinitions(db.url, { root });
    expect(r.applied).toEqual(["functions/public/defs_probe.sql", "functions/public/other.sql", "policies/public/probe.sql"]);
    expect(r.cronSkipped).toBe(true);
    expect(await probe()).toBe("one");
  });

  it("skips unchanged files", async () => {
    const r = await applyDefinitions(db.url, { root });
    expect(r.applied).toEqual([]);
    expect(r.skipped).toHaveLength(3);
  });

  it("re-applies a changed file and only that one", async () => {
    put("functions/public/defs_probe.sql", fn("two"));
    const r = await applyDefinitions(db.url, { root });
    expect(r.applied).toEqual(["functions/public/defs_probe.sql"]);
    expect(await probe()).toBe("two");
  });

  it("re-applies everything when the migrations moved underneath", async () => {
    await withClient(db.url, (c) => c.query(`drop function public.defs_other();
       insert into graphile_migrate.current (filename, content) values ('current.sql', '-- moved')
       on conflict (filename) do update set content = graphile_migrate.current.content || ' '`));
    const r = await applyDefinitions(db.url, { root });
    expect(r.reason).toBe("schema-moved");
    expect(r.applied).toContain("functions/public/other.sql");
    await withClient(db.url, (c) => c.query(`select public.defs_other()`));
  });

  it("a broken file names itself, and nothing of the batch is applied", async () => {
    put("functions/public/defs_probe.sql", fn("three"));
    put("functions/public/zz_broken.sql", `create function public.broken( returns int;`);
    const err = await applyDefinitions(db.url, { root }).catch((e) => e);
    expect(err.message).toMatch(/^db\/functions\/public\/zz_broken\.sql: syntax error/);
    expect(await probe()).toBe("two");
    fs.rmSync(path.join(root, "functions/public/zz_broken.sql"));
  });
});
