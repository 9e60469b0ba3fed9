// The root bootstrap: idempotent, only what is missing, and nothing of db/compat on Supabase.
// Roles are cluster-wide, so this runs on a scratch cluster of its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "../../src/db/bootstrap.ts";
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
});
