// Seed files are validated before a single row is written; loading twice changes nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { loadSeeds, seedFiles, SeedError } from "../../src/seeds/load.ts";
import { runCli } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-seeds-"));

beforeAll(async () => {
  db = await createTestDatabase("seeds");
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, body: string) {
  const f = path.join(dir, name);
  fs.writeFileSync(f, body);
  return f;
}

/** Every row of catalog.schemas with its xmin: any write, even a no-op update, changes xmin. */
const snapshot = () => withClient(db.url, async (c) => (await c.query(`select xmin::text, * from catalog.schemas order by name`)).rows);

const good = `kind: schemas
rows:
  - { name: zz_new, owner: supabase, exposed: false, rls_required: true, purpose: "a schema added by a test seed" }
`;

describe("seed loading", () => {
  it("loads the project's seeds and a second load changes nothing", async () => {
    await loadSeeds(db.url); // the template was seeded already: nothing to insert
    const before = await snapshot();
    const r = await loadSeeds(db.url);
    expect(r.every((f) => f.inserted === 0 && f.updated === 0)).toBe(true);
    expect(await snapshot()).toEqual(before);
    expect(before.length).toBeGreaterThanOrEqual(12);
  });

  it("an edited row is updated, and only that row", async () => {
    const files = [...seedFiles(), write("99_extra.yaml", good)];
    const first = await loadSeeds(db.url, files);
    expect(first.at(-1)).toMatchObject({ inserted: 1, updated: 0 });
    const before = await snapshot();
    const edited = write("99_extra.yaml", good.replace("added by a test seed", "edited by a test seed"));
    const second = await loadSeeds(db.url, [...seedFiles(), edited]);
    expect(second.at(-1)).toMatchObject({ inserted: 0, updated: 1 });
    const after = await snapshot();
    const changed = after.filter((row, i) => row.xmin !== before[i]!.xmin).map((r) => r.name);
    expect(changed).toEqual(["zz_new"]);
  });

  it.each([
    ["bad type", `kind: schemas\nrows:\n  - { name: x1, owner: supabase, exposed: "yes", rls_required: true, purpose: "wrong type for exposed" }\n`, /bad_type\.yaml: rows\[0\]\.exposed: .*boolean/],
    ["missing field", `kind: schemas\nrows:\n  - { name: x2, owner: supabase, exposed: false, purpose: "no rls_required given" }\n`, /missing_field\.yaml: rows\[0\]\.rls_required:/],
    ["unknown key", `kind: schemas\nrows:\n  - { name: x3, owner: supabase, exposed: false, rls_required: true, purpose: "has an extra key", colour: red }\n`, /unknown_key\.yaml: rows\[0\]: .*colour/],
    ["bad enum", `kind: schemas\nrows:\n  - { name: x4, owner: oracle, exposed: false, rls_required: true, purpose: "owner is not allowed" }\n`, /bad_enum\.yaml: rows\[0\]\.owner:/],
    ["unknown kind", `kind: planets\nrows: []\n`, /unknown_kind\.yaml: kind: unknown seed kind "planets"/],
    ["not yaml", `kind: schemas\nrows: [\n`, /not_yaml\.yaml: not valid YAML/],
    ["duplicate key", `kind: schemas\nrows:\n  - { name: x5, owner: supabase, exposed: false, rls_required: true, purpose: "first of two rows" }\n  - { name: x5, owner: supabase, exposed: false, rls_required: true, purpose: "second of two rows" }\n`, /duplicate_key\.yaml: rows\[1\]: duplicate name/],
    ["cross-row rule", `kind: schemas\nrows:\n  - { name: x6, owner: supabase, exposed: true, rls_required: false, purpose: "exposed without RLS" }\n`, /cross-row_rule\.yaml: schema x6 is exposed, so rls_required must be true/],
    ["api_usage on an exposed schema", `kind: schemas\nrows:\n  - { name: x7, owner: supabase, exposed: true, api_usage: true, rls_required: true, purpose: "exposed and api_usage" }\n`, /schema x7 is exposed, so api_usage \(for schemas PostgREST does not expose\) must be false/],
  ])("a file with a %s is refused with file and path, and nothing is written", async (label, body, message) => {
    const bad = write(`${label.replace(/ /g, "_")}.yaml`, body);
    // the valid file comes first: it must not be half-loaded when a later file is refused
    const valid = write("00_valid.yaml", good.replace("zz_new", "zz_valid"));
    const before = await snapshot();
    const err = await loadSeeds(db.url, [valid, bad]).catch((e) => e);
    expect(err).toBeInstanceOf(SeedError);
    expect(err.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it("the CLI validates the project's seed files without a database (--check)", async () => {
    const r = runCli(["seed", "--check"], { inherit: true });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/db\/seeds\/10_schemas\.yaml: \d+ schemas rows valid/);
  });
});
