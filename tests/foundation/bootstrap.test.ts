// The root bootstrap: idempotent, only what is missing, and nothing of db/compat on Supabase.
// Roles are cluster-wide, so this runs on a scratch cluster of its own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { bootstrap, compatFiles } from "../../src/bootstrap/bootstrap.ts";
import { revokeCatalogExposure } from "../../src/bootstrap/catalog.ts";
import { ensureStatementTimeouts, revokeTemp } from "../../src/bootstrap/roles.ts";
import { revokeVaultAccess } from "../../src/bootstrap/vault.ts";
import { withClient } from "../../src/db/client.ts";
import { requireTestEnv } from "../../src/testrun/cluster.ts";
import { createScratchCluster, type ScratchCluster } from "../support/scratch.ts";

let scratch: ScratchCluster;
beforeAll(async () => {
  scratch = await createScratchCluster(requireTestEnv().port + 8);
});
afterAll(() => scratch?.destroy());

describe("bootstrap", () => {
  it("a second run creates nothing", async () => {
    const r = await bootstrap(scratch.url);
    expect(r.supabase).toBe(false);
    expect(r.extensionsCreated).toEqual([]);
  });

  it("recreates only what is missing", async () => {
    // a database of its own: in the migrated one, indexes depend on every extension
    await withClient(scratch.url, (c) => c.query(`create database bare`));
    const bare = scratch.cluster.url("bare");
    expect((await bootstrap(bare)).extensionsCreated).toEqual(["pgcrypto", "pg_trgm", "vector", "plpgsql_check"]);
    await withClient(bare, (c) => c.query(`drop extension pg_trgm`));
    const r = await bootstrap(bare);
    expect(r.extensionsCreated).toEqual(["pg_trgm"]);
  });

  it("a compat file marked `replaces-extension` yields to that extension where it is available", async () => {
    // hstore stands in for supabase_vault / pg_net: available here, not installed
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-compat-"));
    const marked = path.join(dir, "40_marked.sql");
    fs.writeFileSync(marked, "-- replaces-extension: hstore\ncreate table public.compat_marker_ran (id int);\n");
    const missing = path.join(dir, "50_missing.sql");
    fs.writeFileSync(missing, "-- replaces-extension: no_such_extension\ncreate table public.compat_fallback_ran (id int);\n");
    try {
      await withClient(scratch.url, (c) => c.query(`create database replaced`));
      const url = scratch.cluster.url("replaced");
      const r = await bootstrap(url, { compatFiles: [marked, missing] });
      expect(r.extensionsCreated).toContain("hstore");
      expect(r.compatApplied).toEqual([path.relative(path.resolve("db"), missing)]);
      const ran = await withClient(url, async (c) =>
        (await c.query(`select to_regclass('public.compat_marker_ran') is not null as marked, to_regclass('public.compat_fallback_ran') is not null as fallback`)).rows[0],
      );
      expect(ran).toEqual({ marked: false, fallback: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("on a Supabase database it installs nothing of db/compat", async () => {
    await withClient(scratch.url, async (c) => {
      await c.query(`create role supabase_admin`);
      await c.query(`create database supa`);
    });
    const url = scratch.cluster.url("supa");
    const r = await bootstrap(url);
    expect(r.supabase).toBe(true);
    expect(r.compatApplied).toEqual([]);
    const has = await withClient(url, async (c) =>
      (await c.query(`select to_regnamespace('auth') is not null as auth, to_regnamespace('vault') is not null as vault`)).rows[0],
    );
    expect(has).toEqual({ auth: false, vault: false });
    expect(r.extensionsCreated).toEqual(["pgcrypto", "pg_trgm", "vector", "plpgsql_check"]);
  });
});

describe("bootstrap: TEMP on the database", () => {
  it("revokes TEMP on the database from PUBLIC: no API role can create temporary objects", async () => {
    await withClient(scratch.url, (c) => c.query(`create database temp_revoked`));
    const url = scratch.cluster.url("temp_revoked");
    const before = await withClient(url, async (c) =>
      (await c.query(`select has_database_privilege('anon', current_database(), 'temporary') as anon`)).rows[0].anon,
    );
    expect(before).toBe(true);
    const r = await bootstrap(url);
    expect(r.warnings).toEqual([]);
    const left = await withClient(url, async (c) =>
      (await c.query(`select rolname from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator')
                        and has_database_privilege(oid, current_database(), 'temporary') order by rolname`)).rows.map((x) => x.rolname),
    );
    expect(left).toEqual([]);
  });

  it("on a database another role owns (as on Supabase) it reports in one line who must revoke TEMP, instead of failing", async () => {
    const pw = randomBytes(12).toString("hex");
    await withClient(scratch.url, async (c) => {
      await c.query(`create role db_keeper nologin`);
      await c.query(`create role not_owner login password '${pw}'`);
      await c.query(`create database not_ours owner db_keeper`);
    });
    const u = new URL(scratch.cluster.url("not_ours"));
    u.username = "not_owner";
    u.password = pw;
    const line = await withClient(u.toString(), (c) => revokeTemp(c));
    expect(line).toBe(
      "anon, authenticated, authenticator, service_role can still create temporary objects in database not_ours: " +
        'only its owner db_keeper can revoke TEMP; run as db_keeper: revoke temporary on database "not_ours" from public, "anon", "authenticated", "authenticator", "service_role"',
    );
    const check = await withClient(scratch.cluster.url("not_ours"), async (c) =>
      (await c.query(`select has_database_privilege('anon', current_database(), 'temporary') as anon`)).rows[0].anon,
    );
    expect(check).toBe(true);
  });
});

describe("bootstrap: statement_timeout of the API roles", () => {
  it("sets Supabase's statement_timeout on each API role that has none, and keeps one someone chose", async () => {
    const timeouts = () => withClient(scratch.url, async (c) =>
      Object.fromEntries((await c.query(`select r.rolname, s.setconfig from pg_roles r left join pg_db_role_setting s on s.setrole = r.oid and s.setdatabase = 0
                                          where r.rolname in ('anon', 'authenticated', 'authenticator', 'service_role') order by 1`)).rows.map((x) => [x.rolname, x.setconfig])));
    await withClient(scratch.url, (c) => c.query(`alter role service_role reset statement_timeout; alter role authenticator reset statement_timeout; alter role authenticated set statement_timeout = '15s'`));
    try {
      const r = await bootstrap(scratch.url);
      expect(r.warnings).toEqual([]);
      expect(await timeouts()).toEqual({
        anon: ["statement_timeout=3s"], authenticated: ["statement_timeout=15s"], authenticator: ["statement_timeout=8s"], service_role: ["statement_timeout=8s"],
      });
    } finally {
      await withClient(scratch.url, (c) => c.query(`alter role authenticated set statement_timeout = '8s'`));
    }
  });
});

describe("bootstrap: the vault, table statistics and large objects", () => {
  it("takes the vault, table statistics and large objects away from the API roles (granted back, taken again)", async () => {
    await withClient(scratch.url, (c) => c.query(`create database exposure`));
    const url = scratch.cluster.url("exposure");
    const probe = `select has_table_privilege('anon', 'pg_catalog.pg_stat_user_tables', 'select') as stats,
                          has_function_privilege('anon', 'pg_catalog.lo_create(oid)', 'execute') as lo_create,
                          has_function_privilege('authenticated', 'pg_catalog.lo_from_bytea(oid, bytea)', 'execute') as lo_from_bytea,
                          has_function_privilege('service_role', 'pg_catalog.pg_stat_get_live_tuples(oid)', 'execute') as live_tuples,
                          has_table_privilege('pg_monitor', 'pg_catalog.pg_stat_user_tables', 'select') as monitor`;
    // what PostgreSQL gives PUBLIC: the finding, reproduced
    expect((await withClient(url, (c) => c.query(probe))).rows[0]).toEqual({ stats: true, lo_create: true, lo_from_bytea: true, live_tuples: true, monitor: true });
    // this cluster has a supabase_admin by now (a test above), so the bootstrap skips db/compat: the
    // superuser installs the vault, as Supabase's admin does
    await withClient(url, async (c) => {
      await c.query(`create schema extensions; create extension pgcrypto with schema extensions`);
      for (const f of compatFiles()) await c.query(fs.readFileSync(f, "utf8"));
    });
    const vault = `select has_table_privilege('service_role', 'vault.decrypted_secrets', 'select') as read,
                          has_table_privilege('service_role', 'vault.secrets', 'delete') as del,
                          has_function_privilege('service_role', 'vault._decrypt(uuid, text)', 'execute') as decrypt,
                          has_schema_privilege('service_role', 'vault', 'usage') as usage`;
    expect((await bootstrap(url)).warnings).toEqual([]);
    expect((await withClient(url, (c) => c.query(probe))).rows[0]).toEqual({ stats: false, lo_create: false, lo_from_bytea: false, live_tuples: false, monitor: true });
    expect((await withClient(url, (c) => c.query(vault))).rows[0]).toEqual({ read: false, del: false, decrypt: false, usage: false });
    // what Supabase's vault grants service_role, granted back by the owner: the next bootstrap takes it again
    await withClient(url, (c) => c.query(`grant usage on schema vault to service_role; grant select, delete on vault.secrets, vault.decrypted_secrets to service_role;
                                          grant execute on function vault._decrypt(uuid, text) to service_role; grant execute on function lo_create(oid) to public`));
    expect((await withClient(url, (c) => c.query(vault))).rows[0]).toEqual({ read: true, del: true, decrypt: true, usage: true });
    expect((await bootstrap(url)).warnings).toEqual([]);
    expect((await withClient(url, (c) => c.query(vault))).rows[0]).toEqual({ read: false, del: false, decrypt: false, usage: false });
    expect((await withClient(url, (c) => c.query(probe))).rows[0].lo_create).toBe(false);
  });
});

describe("bootstrap: what the connecting role may not revoke", () => {
  it("where the connecting role may not revoke (as postgres on Supabase), it says in one line each what is left, who can revoke it and the statements", async () => {
    const pw = randomBytes(12).toString("hex");
    const admin = scratch.cluster.url("exposure");
    const owner = await withClient(admin, async (c) => {
      await c.query(`create role not_admin login createrole password '${pw}'`);
      await c.query(`create role no_createrole login password '${pw}'`);
      // the grants a Supabase project's admin makes, which its postgres cannot revoke
      await c.query(`grant usage on schema vault to service_role; grant select on vault.decrypted_secrets to service_role;
                     grant select on pg_catalog.pg_stat_user_tables to public; grant execute on function lo_create(oid) to public`);
      await c.query(`grant usage on schema vault to not_admin; grant select on vault.decrypted_secrets to not_admin`);
      await c.query(`alter role service_role reset statement_timeout`);
      return (await c.query(`select current_user as u`)).rows[0].u as string;
    });
    const as = (role: string) => {
      const u = new URL(admin);
      u.username = role;
      u.password = pw;
      return u.toString();
    };
    try {
      const lines = await withClient(as("not_admin"), async (c) => ({
        vault: await revokeVaultAccess(c, true),
        catalog: await revokeCatalogExposure(c, true),
        // CREATEROLE may set a non-superuser role's defaults (PostgreSQL 15)
        timeouts: await ensureStatementTimeouts(c),
      }));
      expect(lines.vault).toBe(
        `service_role can still use the vault directly (vault.decrypted_secrets), bypassing the audited accessor: only ${owner}, which granted it, can revoke it; ` +
          `run as ${owner} (on Supabase: ask support): revoke all on table vault.decrypted_secrets from public, "service_role"`,
      );
      const catalog = lines.catalog!;
      expect(catalog.startsWith(
        "anon, authenticated, service_role can still read table statistics (1 views and counters, such as pg_catalog.pg_stat_user_tables) " +
          `and create large objects (lo_create(oid)) through PUBLIC: only the owner of pg_catalog, ${owner}, can revoke that; run as ${owner} (on Supabase: ask support): revoke select on pg_catalog.pg_stat`,
      )).toBe(true);
      expect(catalog).toContain("pg_catalog.pg_stat_user_tables");
      expect(catalog).toContain("pg_stat_get_live_tuples(oid)");
      expect(catalog).toMatch(/; revoke execute on function lo_creat\(integer\), lo_create\(oid\), lo_from_bytea\(oid,bytea\), lo_import\(text\), lo_import\(text,oid\) from public$/);
      expect(catalog.split("\n")).toHaveLength(1);
      expect(lines.timeouts).toBeUndefined();
      await withClient(admin, (c) => c.query(`alter role service_role reset statement_timeout`));
      const plain = await withClient(as("no_createrole"), (c) => ensureStatementTimeouts(c));
      expect(plain).toBe(`service_role has no statement_timeout and this role may not set it: run as a superuser (or a role with CREATEROLE and ADMIN OPTION on it): alter role "service_role" set statement_timeout = '8s'`);
      // the statements printed, run as the owner, leave nothing
      await withClient(admin, async (c) => {
        await c.query(lines.vault!.split(": ").at(-1)!);
        for (const stmt of lines.catalog!.slice(lines.catalog!.indexOf("): ") + 3).split("; ")) await c.query(stmt);
      });
      expect(await withClient(as("not_admin"), (c) => revokeVaultAccess(c, true))).toBeUndefined();
      expect(await withClient(as("not_admin"), (c) => revokeCatalogExposure(c, true))).toBeUndefined();
    } finally {
      await bootstrap(scratch.url);
      await withClient(admin, (c) => c.query(`drop owned by not_admin, no_createrole; drop role not_admin; drop role no_createrole`));
    }
  });
});
