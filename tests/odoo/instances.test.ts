// Two Odoo instances (production and staging) on two fake Odoo servers on two ports, holding
// different data: each instance's shadows, written-back ids and drift are its own, and `ssot odoo
// seed|shadow|drift` without --instance work over both, naming the instance in every line and in --json.
import { afterEach, beforeEach, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { FakeOdoo } from "../support/odoo-server.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCliAsync } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;
let prod: FakeOdoo;
let staging: FakeOdoo;

function fakeOdoo(name: string, padding: number) {
  const f = new FakeOdoo({ db: name, login: "seed_bot@example.com", password: "bot-password" });
  // different ids on each server: the same Odoo id is a different record in the other instance
  for (let i = 0; i < padding; i++) f.insert("project.tags", { name: `padding ${i}` });
  const company = f.insert("res.company", { name: "TBWA\\SMP" });
  f.insert("res.users", { name: "Rey Meran", login: "rey.meran@tbwa-smp.com", company_id: company });
  f.insert("res.users", { name: "Beng Manalo", login: "beng.manalo@tbwa-smp.com", company_id: company });
  return f;
}

const cli = (...args: string[]) =>
  runCliAsync(args, { inherit: true, env: { DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url, ODOO_URL: "", ODOO_DB: "", ODOO_USER: "seed_bot@example.com", ODOO_PASSWORD: "bot-password" } });

beforeEach(async () => {
  db = await createTestDatabase("odoo_instances");
  prod = fakeOdoo("odoo_prod", 0);
  staging = fakeOdoo("odoo_staging", 7);
  await prod.start();
  await staging.start();
  expect(prod.url).not.toBe(staging.url);
  await withClient(db.url, async (c) => {
    await c.query(`update odoo.instances set base_url = $1, database = 'odoo_prod' where slug = 'odoo-prod'`, [prod.url]);
    await c.query(`insert into odoo.instances (slug, name, base_url, database, webhook_secret_name) values ('odoo-staging', 'Odoo staging', $1, 'odoo_staging', 'odoo.odoo-staging.webhook_secret')`, [staging.url]);
  });
});
afterEach(async () => {
  await prod.stop();
  await staging.stop();
  await db.drop();
});

it("with two instances on two Odoo servers, each instance's shadows and drift are right and neither overwrites the other", async () => {
  const seeded = await cli("odoo", "seed", "--json");
  expect(seeded.code).toBe(0);
  const reports = JSON.parse(seeded.out) as { instance: string; status: string; counts: { tasks: { created: number } } }[];
  expect(reports.map((r) => [r.instance, r.status, r.counts.tasks.created])).toEqual([["odoo-prod", "success", 3], ["odoo-staging", "success", 3]]);
  const ref = (f: FakeOdoo, model: string, x: string) => f.find(model, (r) => r.x_external_ref === x)[0]!;
  expect(ref(prod, "project.project", "FIN_CLOSE_PROJ").id).not.toBe(ref(staging, "project.project", "FIN_CLOSE_PROJ").id);

  // the ids written back are per instance
  const written = await withClient(db.url, (c) =>
    c.query(`select i.slug, w.odoo_id from odoo_seed.project_odoo_ids w join odoo.instances i on i.id = w.instance_id order by 1`).then((r) => r.rows));
  expect(written).toEqual([
    { slug: "odoo-prod", odoo_id: ref(prod, "project.project", "FIN_CLOSE_PROJ").id },
    { slug: "odoo-staging", odoo_id: ref(staging, "project.project", "FIN_CLOSE_PROJ").id },
  ]);

  // different changes on each server
  prod.edit("project.task", ref(prod, "project.task", "FIN_CLOSE_T001").id, { name: "Renamed in production" });
  const done = staging.insert("project.task.type", { name: "Done", project_ids: [] });
  staging.edit("project.task", ref(staging, "project.task", "FIN_CLOSE_T002").id, { stage_id: done });
  staging.insert("project.project", { name: "Staging only", x_external_ref: "STAGING_PROJ", company_id: 1 });

  const pulled = await cli("odoo", "shadow", "--json");
  expect(pulled.code).toBe(0);
  expect((JSON.parse(pulled.out) as { instance: string; projects: number; tasks: number }[]).map((r) => [r.instance, r.projects, r.tasks]))
    .toEqual([["odoo-prod", 1, 3], ["odoo-staging", 2, 3]]);
  const shadows = await withClient(db.url, (c) =>
    c.query(`select i.slug, s.odoo_id, s.external_ref, s.name, s.stage_name from odoo_seed.shadow_tasks s join odoo.instances i on i.id = s.instance_id
              order by 1, 3`).then((r) => r.rows));
  const expectTasks = (slug: string, f: FakeOdoo) => ["FIN_CLOSE_T001", "FIN_CLOSE_T002", "FIN_CLOSE_T003"].map((x) => {
    const t = ref(f, "project.task", x);
    return { slug, odoo_id: t.id, external_ref: x, name: t.name, stage_name: f.records["project.task.type"]!.get(t.stage_id as number)!.name };
  });
  expect(shadows).toEqual([...expectTasks("odoo-prod", prod), ...expectTasks("odoo-staging", staging)]);
  expect(shadows.find((s) => s.slug === "odoo-prod" && s.external_ref === "FIN_CLOSE_T001")!.name).toBe("Renamed in production");
  expect(shadows.find((s) => s.slug === "odoo-staging" && s.external_ref === "FIN_CLOSE_T002")!.stage_name).toBe("Done");

  const drift = await cli("odoo", "drift", "--json");
  expect(drift.code).toBe(1);
  expect((JSON.parse(drift.out) as { instance: string; entity: string; kind: string; external_ref: string }[]).map((r) => [r.instance, r.entity, r.kind, r.external_ref]))
    .toEqual([
      ["odoo-prod", "task", "name", "FIN_CLOSE_T001"],
      ["odoo-staging", "project", "orphan_in_odoo", "STAGING_PROJ"],
      ["odoo-staging", "task", "stage", "FIN_CLOSE_T002"],
    ]);
  const text = await cli("odoo", "drift");
  const lines = text.out.trim().split("\n");
  expect(lines.slice(0, -1).every((l) => /^odoo-(prod|staging) /.test(l))).toBe(true);
  expect(lines.at(-1)).toBe("3 differences");

  // one instance at a time: pulling staging again leaves production's shadows as they are
  const before = await withClient(db.url, (c) => c.query(`select s.* from odoo_seed.shadow_tasks s join odoo.instances i on i.id = s.instance_id where i.slug = 'odoo-prod' order by odoo_id`).then((r) => r.rows.map((x) => [x.odoo_id, x.name])));
  const only = await cli("odoo", "shadow", "--instance", "odoo-staging");
  expect(only.code).toBe(0);
  expect(only.out.trim().split("\n").map((l) => l.split(":")[0])).toEqual(["odoo-staging"]);
  const after = await withClient(db.url, (c) => c.query(`select s.* from odoo_seed.shadow_tasks s join odoo.instances i on i.id = s.instance_id where i.slug = 'odoo-prod' order by odoo_id`).then((r) => r.rows.map((x) => [x.odoo_id, x.name])));
  expect(after).toEqual(before);
  const prodDrift = await cli("odoo", "drift", "--instance", "odoo-prod", "--json");
  expect((JSON.parse(prodDrift.out) as { instance: string }[]).map((r) => r.instance)).toEqual(["odoo-prod"]);
});
