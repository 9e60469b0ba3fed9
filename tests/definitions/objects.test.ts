// Objects follow their definition files: a function, view, policy or trigger whose file is deleted,
// or which its file no longer creates, is dropped on the next apply (never with CASCADE: a
// dependency stops the drop and is reported); one still created by another file stays.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { applyDefinitions } from "../../src/definitions/apply.ts";
import { createsObject } from "../../src/definitions/objects.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";

let db: TestDatabase;
const root = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-defobj-"));
const put = (rel: string, sql: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), sql);
};
const apply = () => applyDefinitions(db.url, { root });
const exists = (sql: string) => withClient(db.url, async (c) => (await c.query(`select (${sql}) is not null as yes`)).rows[0].yes as boolean);
const fnExists = (sig: string) => exists(`to_regprocedure('${sig}')`);

beforeAll(async () => {
  db = await createTestDatabase("defobj");
  await withClient(db.url, (c) => c.query(`create table public.defobj_t (id int primary key, n int); alter table public.defobj_t enable row level security`));
  put("functions/public/a.sql", `
    create or replace function public.defobj_a() returns int language sql immutable as $$ select 1 $$;
    create or replace function public.defobj_a2(n int) returns int language sql immutable as $$ select n $$;
    create or replace view public.defobj_v as select public.defobj_a() as one;`);
  put("functions/public/trg.sql", `
    create or replace function public.defobj_tg() returns trigger language plpgsql as $$ begin new.n := 1; return new; end $$;
    drop trigger if exists defobj_trg on public.defobj_t;
    create trigger defobj_trg before insert on public.defobj_t for each row execute function public.defobj_tg();`);
  put("policies/public/defobj_t.sql", `
    drop policy if exists defobj_read on public.defobj_t;
    create policy defobj_read on public.defobj_t for select to service_role using (true);
    grant execute on function public.defobj_a() to service_role;`);
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("objects follow their definition files", () => {
  it("records what each file creates, and a grant on another file's function does not take it", async () => {
    await apply();
    const rows = await withClient(db.url, (c) =>
      c.query(`select kind, identity, key from ssot_meta.definition_objects where source <> 'project' order by kind, identity`).then((r) => r.rows));
    expect(rows).toEqual([
      { kind: "function", identity: "public.defobj_a()", key: "functions/public/a.sql" },
      { kind: "function", identity: "public.defobj_a2(integer)", key: "functions/public/a.sql" },
      { kind: "function", identity: "public.defobj_tg()", key: "functions/public/trg.sql" },
      { kind: "policy", identity: "defobj_read on public.defobj_t", key: "policies/public/defobj_t.sql" },
      { kind: "trigger", identity: "defobj_trg on public.defobj_t", key: "functions/public/trg.sql" },
      { kind: "view", identity: "public.defobj_v", key: "functions/public/a.sql" },
    ]);
  });

  it("drops what a file no longer creates, and everything of a deleted file", async () => {
    put("functions/public/a.sql", `
      create or replace function public.defobj_a() returns int language sql immutable as $$ select 1 $$;
      create or replace view public.defobj_v as select public.defobj_a() as one;`);
    fs.rmSync(path.join(root, "functions/public/trg.sql"));
    fs.rmSync(path.join(root, "policies/public/defobj_t.sql"));
    const r = await apply();
    expect(r.dropped.sort()).toEqual(["function public.defobj_a2(integer)", "function public.defobj_tg()", "policy defobj_read on public.defobj_t", "trigger defobj_trg on public.defobj_t"]);
    expect(r.dropFailed).toEqual([]);
    expect(await fnExists("public.defobj_a2(integer)")).toBe(false);
    expect(await fnExists("public.defobj_tg()")).toBe(false);
    expect(await exists(`(select 1 from pg_policy where polname = 'defobj_read')`)).toBe(false);
    expect(await exists(`(select 1 from pg_trigger where tgname = 'defobj_trg')`)).toBe(false);
    expect(await fnExists("public.defobj_a()")).toBe(true); // still in its file
    // the project's own definitions are another source: untouched by this folder's files
    expect(await fnExists("ops.emit(text, text, jsonb, text, text, uuid)")).toBe(true);
    expect((await apply()).dropped).toEqual([]); // nothing left to drop
  });

  it("an object moved to another file stays, and belongs to that file", async () => {
    put("functions/public/b.sql", `create or replace function public.defobj_a() returns int language sql immutable as $$ select 1 $$;`);
    put("functions/public/a.sql", `create or replace view public.defobj_v as select public.defobj_a() as one;`);
    const r = await apply();
    expect(r.dropped).toEqual([]);
    expect(await fnExists("public.defobj_a()")).toBe(true);
    const owner = await withClient(db.url, (c) =>
      c.query(`select key from ssot_meta.definition_objects where identity = 'public.defobj_a()'`).then((x) => x.rows[0].key));
    expect(owner).toBe("functions/public/b.sql");
  });
});

describe("objects follow their definition files: overloads, grants, dependencies", () => {
  it("a changed signature leaves no old overload behind", async () => {
    put("functions/public/sig.sql", `create or replace function public.defobj_sig(n int) returns int language sql immutable as $$ select n $$;`);
    await apply();
    put("functions/public/sig.sql", `create or replace function public.defobj_sig(n int, m int default 0) returns int language sql immutable as $$ select n + m $$;`);
    const r = await apply();
    expect(r.dropped).toEqual(["function public.defobj_sig(integer)"]);
    expect(await fnExists("public.defobj_sig(integer)")).toBe(false);
    expect(await fnExists("public.defobj_sig(integer, integer)")).toBe(true);
    fs.rmSync(path.join(root, "functions/public/sig.sql"));
    expect((await apply()).dropped).toEqual(["function public.defobj_sig(integer, integer)"]);
  });

  it("a file that only grants on or comments a migration's function does not own it: deleting the file keeps it", async () => {
    await withClient(db.url, (c) => c.query(`create function public.defobj_from_migration() returns int language sql as $$ select 7 $$`));
    put("policies/public/grants.sql", `
      revoke execute on function public.defobj_from_migration() from public;
      grant execute on function public.defobj_from_migration() to service_role;
      comment on function public.defobj_from_migration() is 'made by a migration';`);
    await apply();
    fs.rmSync(path.join(root, "policies/public/grants.sql"));
    const r = await apply();
    expect(r.dropped).toEqual([]);
    expect(await fnExists("public.defobj_from_migration()")).toBe(true);
  });

  it("a dependency stops the drop: reported, kept, and tried again next time", async () => {
    fs.rmSync(path.join(root, "functions/public/b.sql")); // defobj_a(), which the view defobj_v uses
    const r = await apply();
    expect(r.dropped).toEqual([]);
    expect(r.dropFailed).toHaveLength(1);
    expect(r.dropFailed[0]).toMatch(/^function public\.defobj_a\(\): cannot drop function (public\.)?defobj_a\(\) because other objects depend on it/);
    expect(await fnExists("public.defobj_a()")).toBe(true);
    // once the view goes too, both are dropped
    fs.rmSync(path.join(root, "functions/public/a.sql"));
    const r2 = await apply();
    expect(r2.dropped.sort()).toEqual(["function public.defobj_a()", "view public.defobj_v"]);
  });
});

describe("what counts as creating an object", () => {
  const fn = { kind: "function", sch: "ops", nm: "emit" };
  it("a create statement naming it, in any case, quoted or not, qualified or not", () => {
    expect(createsObject(`create or replace function ops.emit(a text) returns int`, fn)).toBe(true);
    expect(createsObject(`CREATE FUNCTION "ops"."emit" (a text)`, fn)).toBe(true);
    expect(createsObject(`create function emit()`, fn)).toBe(true);
    expect(createsObject(`create or replace procedure ops.emit()`, fn)).toBe(true);
    expect(createsObject(`create or replace view rag.v_x as select 1`, { kind: "view", sch: "rag", nm: "v_x" })).toBe(true);
    expect(createsObject(`create policy p_read on t for select`, { kind: "policy", sch: "public", nm: "p_read" })).toBe(true);
    expect(createsObject(`create or replace trigger t_bi before insert`, { kind: "trigger", sch: "public", nm: "t_bi" })).toBe(true);
  });
  it("not a grant, a comment, a call, another name with the same start", () => {
    expect(createsObject(`grant execute on function ops.emit(text) to service_role`, fn)).toBe(false);
    expect(createsObject(`comment on function ops.emit(text) is 'x'`, fn)).toBe(false);
    expect(createsObject(`select ops.emit('a', 'b')`, fn)).toBe(false);
    expect(createsObject(`create or replace function ops.emit_batch(a text)`, fn)).toBe(false);
    expect(createsObject(`create or replace function ops.emit(a text)`, { kind: "function", sch: "ops", nm: "e.it" })).toBe(false); // a name is not a pattern
    expect(createsObject(`create policy p_read on t`, { kind: "sequence", sch: "public", nm: "p_read" })).toBe(false);
  });
});
