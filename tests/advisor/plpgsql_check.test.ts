// Mutation tests of plpgsql_check in `ssot check` (as tests/advisor/mutations.test.ts does for the
// rest of the doctrine): a function whose column was dropped under it fails the check, naming the
// function and the line, and passes once repaired; a database without the extension fails with
// one failure naming it and the fix, rather than crashing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("plpgsql_check");
});
afterAll(async () => {
  await db?.drop();
});

const sql = (q: string) => withClient(db.url, (c) => c.query(q));

interface Failure { check_name: string; object: string; problem: string; fix: string }
function check(json = true) {
  const r = runCli(["check", "--database-url", db.url, ...(json ? ["--json"] : [])], { inherit: true });
  const failures = json && r.out ? (JSON.parse(r.out) as { failures: Failure[] }).failures : [];
  return { code: r.code, out: r.out, failures };
}

describe("ssot check runs plpgsql_check over every function", () => {
  it("a function reading a column that was dropped fails, named with its line; repaired, it passes", async () => {
    await sql(`create table ops.m_notes (id int primary key, note text);
               alter table ops.m_notes enable row level security;
               comment on table ops.m_notes is 'm';
               create function ops.m_note(p_id int) returns text language plpgsql stable
               set search_path = pg_catalog, pg_temp as $f$
               begin
                 return (select n.note from ops.m_notes n where n.id = p_id);
               end
               $f$;
               revoke execute on function ops.m_note(int) from public;
               comment on function ops.m_note(int) is 'm'`);
    try {
      expect(check().code).toBe(0);
      await sql(`alter table ops.m_notes drop column note`);
      const bad = check();
      expect(bad.code).toBe(1);
      expect(bad.failures.map((f) => [f.check_name, f.object, f.problem])).toEqual([
        ["plpgsql_check", "ops.m_note(integer)", "line 3: error: column n.note does not exist"],
      ]);
      expect(bad.failures[0]?.fix).not.toBe("");
      const text = check(false);
      expect(text.code).toBe(1);
      expect(text.out).toContain("ops.m_note(integer)");
      expect(text.out).toContain("line 3: error: column n.note does not exist");
      await sql(`alter table ops.m_notes add column note text`);
      const good = check();
      expect(good.failures).toEqual([]);
      expect(good.code).toBe(0);
    } finally {
      await sql(`drop function if exists ops.m_note(int); drop table if exists ops.m_notes`);
    }
  });

  it("without the extension, one failure names it and says how to install it", async () => {
    await sql(`drop extension plpgsql_check`);
    try {
      const bad = check();
      expect(bad.code).toBe(1);
      expect(bad.failures.map((f) => [f.check_name, f.object])).toEqual([["plpgsql_check", "extension plpgsql_check"]]);
      expect(bad.failures[0]?.problem).toBe("the plpgsql_check extension is not installed: the functions are not checked");
      expect(bad.failures[0]?.fix).toMatch(/^create extension plpgsql_check with schema extensions /);
    } finally {
      await sql(`create extension if not exists plpgsql_check with schema extensions`);
    }
    const good = check();
    expect(good.failures).toEqual([]);
    expect(good.code).toBe(0);
  });
});
