// `ssot odoo routes`: lists the routes of Odoo events to n8n, turns one on or off, and a reload of
// the seeds never changes whether a route is active; bad input is one line (exit 1, or 64 for a malformed id); the seed
// kind refuses a path that could leave /webhook/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSeedFile, SeedError } from "../../src/seeds/load.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;
const ssot = (args: string[]) => runCli(args, { inherit: true, env: { DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url } });

beforeAll(async () => {
  db = await createTestDatabase("routes");
});
afterAll(async () => {
  await db?.drop();
});

describe("ssot odoo routes", () => {
  it("lists the seeded route, inactive, and turns it on and off; reloading the seeds keeps what was chosen", () => {
    const list = ssot(["odoo", "routes", "--json"]);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.out) as { id: number; instance: string; model: string; event_type: string; n8n_path: string; active: boolean }[];
    expect(rows.map(({ instance, model, event_type, n8n_path, active }) => ({ instance, model, event_type, n8n_path, active }))).toEqual([
      { instance: "odoo-prod", model: "*", event_type: "*", n8n_path: "odoo-events", active: false },
    ]);
    const id = String(rows[0]!.id);
    const on = ssot(["odoo", "routes", "--enable", id]);
    expect(on.code).toBe(0);
    expect(on.out).toMatch(new RegExp(`^\\s*${id} active\\s+odoo-prod\\s+\\*\\s+\\*\\s+→ /webhook/odoo-events`, "m"));
    expect(ssot(["seed"]).code).toBe(0);
    expect(JSON.parse(ssot(["odoo", "routes", "--json"]).out)[0].active).toBe(true);
    expect(JSON.parse(ssot(["odoo", "routes", "--disable", id, "--json"]).out)[0].active).toBe(false);
  });

  it("an unknown or malformed route id is one line: exit 1 (unknown), 64 (malformed)", () => {
    const unknown = ssot(["odoo", "routes", "--enable", "999"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err.trim()).toMatch(/^ssot: no route 999 in odoo\.event_routes \(routes: \d+\)$/);
    const bad = ssot(["odoo", "routes", "--disable", "x"]);
    expect(bad.code).toBe(64);
    expect(bad.err.trim()).toBe("ssot: --disable expects a route id (a positive integer)");
  });

  it("the seed kind refuses a path that would leave /webhook/", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-routes-"));
    const file = path.join(dir, "99_routes.yaml");
    try {
      fs.writeFileSync(file, `kind: odoo_routes\nrows:\n  - { model: project.task, n8n_path: "../rest/admin" }\n`);
      expect(() => parseSeedFile(file)).toThrow(SeedError);
      expect(() => parseSeedFile(file)).toThrow(/99_routes\.yaml: rows\[0\]\.n8n_path: an n8n webhook path/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
