// The definitions engine's steps on their own, without a database: what happens to a stale object,
// the retry order of drops, and the SQL files the engine loads next to its modules.
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { dropStale } from "../../src/definitions/drop.ts";
import type { TrackedObject } from "../../src/definitions/objects.ts";
import { sql } from "../../src/definitions/sql.ts";
import { staleAction, writtenInRun } from "../../src/definitions/stale.ts";

describe("what becomes of a stale object", () => {
  const run = 1000;
  it("another file of this run creates it: it moves to that file, whatever its xmin", () => {
    expect(staleAction("functions/public/b.sql", null, run)).toEqual({ action: "reassign", owner: "functions/public/b.sql" });
    expect(staleAction("functions/public/b.sql", 5, run)).toEqual({ action: "reassign", owner: "functions/public/b.sql" });
  });
  it("gone already: its record is forgotten", () => {
    expect(staleAction(undefined, null, run)).toEqual({ action: "forget" });
  });
  it("written by this run (its own xid or a subtransaction's): kept", () => {
    expect(staleAction(undefined, run, run)).toEqual({ action: "keep" });
    expect(staleAction(undefined, run + 7, run)).toEqual({ action: "keep" });
  });
  it("written before this run: dropped", () => {
    expect(staleAction(undefined, run - 1, run)).toEqual({ action: "drop" });
    expect(staleAction(undefined, 3, run)).toEqual({ action: "drop" });
  });
  it("compares xids modulo 2^32, as PostgreSQL does, across the wraparound", () => {
    const near = 2 ** 32 - 5;
    expect(writtenInRun(2, near)).toBe(true); // a subtransaction's xid after the wrap
    expect(writtenInRun(near - 10, near)).toBe(false);
    expect(writtenInRun(near, 3)).toBe(false); // before the wrap, the run after it
  });
});

/** A client that drops objects like a catalog: an object cannot go while one listed as its dependent is still there. */
function fakeCatalog(deps: Record<string, string[]>) {
  const present = new Set(Object.keys(deps));
  const statements: string[] = [];
  const client = {
    async query(text: string) {
      statements.push(text);
      const m = /^drop \w+ (.+)$/.exec(text);
      if (m) {
        const name = m[1]!;
        const blocker = deps[name]!.find((d) => present.has(d));
        if (blocker) throw new Error(`cannot drop ${name} because other objects depend on it`);
        present.delete(name);
      }
      return { rows: [], rowCount: 0 };
    },
  };
  return { client: client as unknown as pg.Client, present, statements };
}
const obj = (kind: string, identity: string): TrackedObject => ({ kind, identity, rel: null, name: null, drop_sql: `drop ${kind} ${identity}` });

describe("dropping what went stale", () => {
  it("retries until nothing more goes, so that dependents go first, whatever the order given", async () => {
    const { client, present } = fakeCatalog({ "public.f()": ["public.v"], "public.v": [] });
    const lines: string[] = [];
    const r = await dropStale(client, [obj("function", "public.f()"), obj("view", "public.v")], (l) => lines.push(l));
    expect(r).toEqual({ dropped: ["view public.v", "function public.f()"], dropFailed: [] });
    expect(present.size).toBe(0);
    expect(lines).toEqual([
      "dropped view public.v (its definition file no longer creates it)",
      "dropped function public.f() (its definition file no longer creates it)",
    ]);
  });

  it("keeps what something else still depends on and says to drop it in a migration", async () => {
    const { client, present, statements } = fakeCatalog({ "public.f()": ["public.kept_view"], "public.kept_view": [] });
    const lines: string[] = [];
    const r = await dropStale(client, [obj("function", "public.f()")], (l) => lines.push(l));
    expect(r.dropped).toEqual([]);
    expect(r.dropFailed).toEqual(["function public.f(): cannot drop public.f() because other objects depend on it"]);
    expect(lines).toEqual(["could not drop function public.f(): cannot drop public.f() because other objects depend on it (drop it in a migration)"]);
    expect(present.has("public.f()")).toBe(true);
    // each attempt in its own savepoint, rolled back on failure: the run's transaction goes on
    expect(statements).toContain("rollback to savepoint definition_drop");
    expect(statements.filter((s) => s.startsWith("delete from"))).toEqual([]);
  });
});

describe("the engine's SQL files", () => {
  const dir = path.resolve("src/definitions/sql");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".sql")).map((f) => f.replace(/\.sql$/, ""));
  const used = new Set(
    fs.readdirSync(path.resolve("src/definitions")).filter((f) => f.endsWith(".ts"))
      .flatMap((f) => [...fs.readFileSync(path.resolve("src/definitions", f), "utf8").matchAll(/\bsql\("([\w-]+)"\)/g)].map((m) => m[1]!)),
  );
  it("every file the modules name exists and is read relative to the module, and every file is used", () => {
    expect([...used].sort()).toEqual([...files].sort());
    for (const name of used) expect(sql(name)).toBe(fs.readFileSync(path.join(dir, `${name}.sql`), "utf8"));
  });
  it("a name with no file is an error naming the file, not an empty statement", () => {
    expect(() => sql("no-such-statement")).toThrow(/no-such-statement\.sql/);
  });
});
