// The compat vault at rest: a dump holds neither a secret's value nor the root key, and a server
// restart keeps every secret readable (the key lives in the data directory, not in the database).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createScratchCluster, type ScratchCluster } from "../support/scratch.ts";
import { requireTestEnv } from "../../src/testrun/cluster.ts";

const value = "sk-live-" + "9f3b2c71d4e8a6b0c5d2e1f4a7b8c9d0";
let scratch: ScratchCluster;

beforeAll(async () => {
  scratch = await createScratchCluster(requireTestEnv().port + 7);
  await withClient(scratch.url, (c) => c.query(`select vault.create_secret($1, 'n8n_signing_key', 'test')`, [value]));
});
afterAll(() => scratch?.destroy());

describe("vault at rest", () => {
  it("the root key file is readable by the server user only", () => {
    const st = fs.statSync(path.join(scratch.cluster.dataDir, "ssot_vault.key"));
    expect(st.mode & 0o777).toBe(0o600);
  });

  it("pg_dump contains neither the value nor the key", () => {
    const dump = execFileSync(path.join(scratch.cluster.spec.pgBin, "pg_dump"), ["--no-owner", scratch.url], { encoding: "utf8", maxBuffer: 64 << 20 });
    const key = fs.readFileSync(path.join(scratch.cluster.dataDir, "ssot_vault.key"), "utf8").trim();
    expect(dump).toContain("vault.secrets"); // the table and its rows are in the dump...
    expect(dump).toContain("n8n_signing_key");
    expect(dump).not.toContain(value); // ...but not the value
    expect(dump).not.toContain("9f3b2c71d4e8a6b0");
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(dump).not.toContain(key);
  });

  it("a restart, even an immediate one, keeps the secret readable", async () => {
    scratch.cluster.stop("immediate");
    scratch.cluster.start();
    const got = await withClient(scratch.url, (c) =>
      c.query(`select decrypted_secret from vault.decrypted_secrets where name = 'n8n_signing_key'`),
    );
    expect(got.rows[0].decrypted_secret).toBe(value);
  });
});
