// Mutation tests for `ssot check`: each doctrine violation, made for real in a database of its own,
// makes the CLI exit 1 naming the object; undoing it makes the CLI exit 0 again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";

const check = (url: string, ...extra: string[]) => runCli(["check", "--database-url", url, ...extra], { inherit: true });

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("check");
});
afterAll(async () => {
  await db?.drop();
});

const sql = (q: string) => withClient(db.url, (c) => c.query(q));

const mutations: { name: string; make: string; undo: string; object: string; check: string; also?: string[] }[] = [
  { name: "a table without RLS in ops", make: "create table ops.m_no_rls (id int)", undo: "drop table ops.m_no_rls", object: "ops.m_no_rls", check: "rls_enabled" },
  {
    name: "a policy-less table granted to authenticated",
    make: "create table ops.m_granted (id int); alter table ops.m_granted enable row level security; grant select on ops.m_granted to authenticated",
    undo: "drop table ops.m_granted",
    object: "ops.m_granted",
    check: "policy_present",
  },
  // a view in an exposed schema is also one the committed types/database.ts does not have
  { name: "a security-definer view in an exposed schema", make: "create view rag.m_view as select 1 as x; revoke all on rag.m_view from anon, authenticated", undo: "drop view rag.m_view", object: "rag.m_view", check: "view_security_invoker", also: ["types_stale types/database.ts"] },
  {
    name: "a SECURITY DEFINER function without a fixed search_path",
    make: "create function ops.m_definer() returns int language sql security definer as 'select 1'; revoke execute on function ops.m_definer() from public",
    undo: "drop function ops.m_definer()",
    object: "ops.m_definer()",
    check: "definer_search_path",
  },
  {
    name: "a SECURITY DEFINER function whose search_path leaves pg_temp implicit (searched first)",
    make: "create function ops.m_definer_empty() returns int language sql security definer set search_path = '' as 'select 1'; revoke execute on function ops.m_definer_empty() from public",
    undo: "drop function ops.m_definer_empty()",
    object: "ops.m_definer_empty()",
    check: "definer_search_path",
  },
  {
    name: "TEMP on the database for anon (it could shadow types in a definer's search_path)",
    make: "do $$ begin execute format('grant temporary on database %I to anon', current_database()); end $$",
    undo: "do $$ begin execute format('revoke temporary on database %I from anon', current_database()); end $$",
    object: "anon",
    check: "temp_not_granted",
  },
  { name: "USAGE on a non-exposed schema granted to anon", make: "grant usage on schema audit to anon", undo: "revoke usage on schema audit from anon", object: "audit", check: "schema_not_exposed" },
  {
    // roles are cluster-wide: a per-database setting (which wins at login) keeps this to this database
    name: "service_role without a statement timeout (a zero one for this database)",
    make: "do $$ begin execute format('alter role service_role in database %I set statement_timeout = 0', current_database()); end $$",
    undo: "do $$ begin execute format('alter role service_role in database %I reset statement_timeout', current_database()); end $$",
    object: "service_role",
    check: "statement_timeout",
  },
  {
    name: "service_role given direct read access to the vault's plaintext again",
    make: "grant usage on schema vault to service_role; grant select on vault.decrypted_secrets to service_role",
    undo: "revoke select on vault.decrypted_secrets from service_role; revoke usage on schema vault from service_role",
    object: "vault.decrypted_secrets",
    check: "vault_direct_access",
  },
];

describe("ssot check", () => {
  it("exits 0 on the migrated database", () => {
    const r = check(db.url);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/the doctrine holds/);
    expect(r.code).toBe(0);
  });

  for (const m of mutations) {
    it(`catches ${m.name}, and is clean again once it is undone`, async () => {
      await sql(m.make);
      const bad = check(db.url, "--json");
      expect(bad.code).toBe(1);
      const report = JSON.parse(bad.out) as { ok: boolean; failures: { check_name: string; object: string; fix: string }[] };
      expect(report.ok).toBe(false);
      expect(report.failures.map((f) => `${f.check_name} ${f.object}`)).toEqual([`${m.check} ${m.object}`, ...(m.also ?? [])]);
      expect(report.failures[0]!.fix).not.toBe("");
      const plain = check(db.url);
      expect(plain.code).toBe(1);
      expect(plain.out).toContain(m.object);
      expect(plain.out).toMatch(/fix: /);
      await sql(m.undo);
      expect(check(db.url).code).toBe(0);
    });
  }

  it("refuses a bad --database-url with exit 64 (misuse)", () => {
    const r = check("mysql://nope");
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/--database-url "mysql:\/\/nope" is invalid/);
  });

  it("says so when the database has no ssot assertions installed (exit 1: the check cannot pass)", async () => {
    const bare = new URL(db.url);
    bare.pathname = "/postgres";
    const r = check(bare.toString());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/advisor\.assert_doctrine\(\) is not installed/);
  });
});
