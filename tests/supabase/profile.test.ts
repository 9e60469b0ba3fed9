// The Supabase profile (src/testrun/supabase.ts): a database laid out as a Supabase project, where
// ssot runs as the non-superuser `postgres` with DATABASE_URL alone. `npm test` has already run
// `ssot migrate` and `ssot seed` there as `postgres`, and the pgTAP suite; here the remaining
// commands a user runs in CI, and what the profile must refuse to keep it honest.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bootstrap } from "../../src/bootstrap/bootstrap.ts";
import { withClient, withDatabase } from "../../src/db/client.ts";
import { ssotOnProfile, supabaseProfileFromProcess, type SupabaseProfile } from "../../src/testrun/supabase.ts";

function profile(): SupabaseProfile {
  const p = supabaseProfileFromProcess();
  if (!p) throw new Error("the Supabase profile is not prepared: run tests with `npm test` (or vitest, whose globalSetup prepares it)");
  return p;
}

describe("ssot on a Supabase-shaped database, as its non-superuser postgres", () => {
  it("connects as postgres, which is not a superuser and may not set an extension's parameter it has not loaded", async () => {
    await withClient(profile().url, async (c) => {
      const r = await c.query(`select current_user as u, rolsuper, rolcreaterole, rolbypassrls from pg_roles where rolname = current_user`);
      expect(r.rows[0]).toEqual({ u: "postgres", rolsuper: false, rolcreaterole: true, rolbypassrls: true });
      // what broke the definitions before: a SET clause for pgvector's parameter needs a superuser here
      await expect(c.query(`create function pg_temp.f() returns int language sql set hnsw.ef_search = '100' as 'select 1'`)).rejects.toMatchObject({ code: "42501" });
    });
  });

  it("ssot migrate again applies nothing (with ROOT_DATABASE_URL unset or equal), and ssot status has nothing pending", () => {
    const m = ssotOnProfile(profile(), ["migrate"]);
    // what postgres cannot revoke (supabase_admin's grants) is named, one line each, every time
    const lines = m.err.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ssot: service_role can still use the vault directly \(vault\.decrypted_secrets, vault\.secrets, /);
    expect(lines[1]).toMatch(/^ssot: anon, authenticated, service_role can still read table statistics \(\d+ views and counters, such as pg_catalog\.pg_stat_user_tables\) and create large objects \(lo_creat\(integer\), lo_create\(oid\), lo_from_bytea\(oid,bytea\)\) through PUBLIC/);
    expect(m.err).toMatch(/only supabase_admin, which granted it, can revoke it; run as supabase_admin \(on Supabase: ask support\): revoke all on table /);
    expect(m.err).toMatch(/only the owner of pg_catalog, supabase_admin, can revoke that; run as supabase_admin \(on Supabase: ask support\): revoke select on pg_catalog\./);
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/^definitions: 0 applied, \d+ unchanged$/m);
    // the README once told users to set ROOT_DATABASE_URL equal to DATABASE_URL: that works too
    const same = ssotOnProfile(profile(), ["migrate"], { ROOT_DATABASE_URL: profile().url });
    expect(same.err).toBe(m.err);
    expect(same.code).toBe(0);
    const s = ssotOnProfile(profile(), ["status"]);
    expect(s.code).toBe(0);
    expect(s.out).toMatch(/remaining committed migrations: 0/);
  });

  it("ssot check --database-url fails only on the vault grants supabase_admin made to service_role, and passes once they are revoked", async () => {
    const r = ssotOnProfile(profile(), ["check", "--database-url", profile().url, "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    const failures = (JSON.parse(r.out) as { failures: { check_name: string; object: string; problem: string; fix: string }[] }).failures;
    expect(failures.map((f) => f.object).sort()).toEqual([
      "vault._decrypt(uuid,text)", "vault.create_secret(text,text,text,uuid)", "vault.decrypted_secrets", "vault.secrets", "vault.update_secret(uuid,text,text,text,uuid)",
    ]);
    for (const f of failures) {
      expect(f.check_name).toBe("vault_direct_access");
      expect(f.problem).toMatch(/^service_role has /);
      expect(f.fix).toMatch(/^as supabase_admin: revoke all on (table|function) vault\./);
    }
    // what support would run as supabase_admin: the fixes printed; then put Supabase's grants back
    await withClient(profile().adminUrl, async (c) => {
      for (const f of failures) await c.query(f.fix.replace(/^as supabase_admin: /, ""));
    });
    try {
      const ok = ssotOnProfile(profile(), ["check", "--database-url", profile().url]);
      expect(ok.out).toMatch(/the doctrine holds/);
      expect(ok.code).toBe(0);
    } finally {
      await withClient(profile().adminUrl, (c) => c.query(`grant select, delete on vault.secrets, vault.decrypted_secrets to service_role;
        grant execute on function vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid), vault._decrypt(uuid, text) to service_role`));
    }
  });

  it("ssot doctor passes with no Critical failure", () => {
    const r = ssotOnProfile(profile(), ["doctor"]);
    expect(r.out).toMatch(/0 Critical failed/);
    expect(r.out).toMatch(/pass\s+High\s+Scheduling runs in the database \(pg_cron enabled\)/);
    expect(r.code).toBe(0);
  });

  it("without pg_net (no net schema) the doctor fails Critical and says what to enable", async () => {
    const admin = profile().adminUrl;
    await withClient(admin, (c) => c.query(`alter schema net rename to net_hidden`));
    try {
      const r = ssotOnProfile(profile(), ["doctor"]);
      expect(r.out).toMatch(/FAIL\s+Critical Outgoing webhooks can be delivered/);
      expect(r.out).toMatch(/no net schema: .*enable pg_net \(Supabase: Database → Extensions\)/);
      expect(r.code).toBe(1);
    } finally {
      await withClient(admin, (c) => c.query(`alter schema net_hidden rename to net`));
    }
  });

  it("an extension the migrations need and postgres may not create stops the bootstrap with one line naming it", async () => {
    const p = profile();
    const db = "ssot_bare_" + process.pid;
    await withClient(p.url, (c) => c.query(`create database ${db}`));
    try {
      const u = new URL(p.url);
      u.pathname = "/" + db;
      const r = ssotOnProfile({ ...p, url: u.toString() }, ["migrate"]);
      expect(r.code).toBe(1);
      // pgcrypto and pg_trgm are trusted extensions postgres creates itself; vector is not
      expect(r.err.trim()).toBe("ssot: enable the vector extension in schema extensions from the Supabase dashboard (Database → Extensions), then run this again");
    } finally {
      await withClient(p.url, (c) => c.query(`drop database ${db} with (force)`));
    }
  });

  it("the bootstrap creates an extension that replaces a compat file where postgres may, and names the dashboard step where it may not", async () => {
    const p = profile();
    const db = "ssot_repl_" + process.pid;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-compat-"));
    // citext is a trusted extension (postgres creates it); pg_stat_statements needs a superuser
    const files = ["citext", "pg_stat_statements"].map((ext, i) => {
      const f = path.join(dir, `${i}_${ext}.sql`);
      fs.writeFileSync(f, `-- replaces-extension: ${ext}\nselect 1/0;\n`);
      return f;
    });
    await withClient(p.url, (c) => c.query(`create database ${db}`));
    try {
      // what the dashboard did on this project: vector enabled in schema extensions
      await withClient(withDatabase(p.adminUrl, db), (c) => c.query(`create schema extensions authorization postgres; create extension vector with schema extensions`));
      const r = await bootstrap(withDatabase(p.url, db), { compatFiles: files });
      expect(r.supabase).toBe(true);
      expect(r.extensionsCreated).toEqual(["pgcrypto", "pg_trgm", "citext"]);
      expect(r.compatApplied).toEqual([]);
      expect(r.warnings).toEqual([
        "enable the pg_stat_statements extension in schema extensions from the Supabase dashboard (Database → Extensions), then run this again",
        // plpgsql_check is not a trusted extension: on a project the dashboard enables it
        "enable the plpgsql_check extension in schema extensions from the Supabase dashboard (Database → Extensions), then run this again",
        // pg_catalog is supabase_admin's in every database of the project
        expect.stringMatching(/^anon, authenticated, service_role can still read table statistics .* only the owner of pg_catalog, supabase_admin, can revoke that/),
      ]);
    } finally {
      await withClient(p.url, (c) => c.query(`drop database ${db} with (force)`));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("ssot test --database-url runs the suite as postgres and lists, with the reason, a file that cannot apply", () => {
    const r = ssotOnProfile(profile(), ["test", "--database-url", profile().url, "db/tests/vault/api.sql", "db/tests/foundation/auth.sql"]);
    expect(r.out).toMatch(/not run here: db\/tests\/vault\/api\.sql: tests the internals of ssot's compat vault/);
    expect(r.out).toMatch(/foundation\/auth\.sql \.+ ok/);
    expect(r.out).toMatch(/^tests: [1-9]\d* passed, 0 failed$/m);
    expect(r.code).toBe(0);
  });
});
