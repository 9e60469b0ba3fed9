// The root bootstrap: idempotent, only what is missing, and nothing of db/compat on Supabase.
// Roles are cluster-wide, so this runs on a scratch cluster of its own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { bootstrap, revokeTemp } from "../../src/db/bootstrap.ts";
import { withClient } from "../../src/db/client.ts";
import { requireTestEnv } from "../../src/testing/cluster.ts";
import { createScratchCluster, type ScratchCluster } from "../../src/testing/scratch.ts";

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
    expect((await bootstrap(bare)).extensionsCreated).toEqual(["pgcrypto", "pg_trgm", "vector"]);
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
    expect(r.extensionsCreated).toEqual(["pgcrypto", "pg_trgm", "vector"]);
  });
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
