// `ssot odoo shadow` pulls incrementally by write_date (odoo.sync_cursors): a second pull after one
// changed record reads only that record (the fake Odoo's request log says so), another record
// written in the cursor's own second is not missed, and a record deleted in Odoo is found by the periodic full pull.
import { afterEach, beforeEach, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { OdooClient } from "../../src/odoo/client.ts";
import { pushSeed } from "../../src/odoo/seed.ts";
import { pullShadow, type PullOptions } from "../../src/odoo/shadow.ts";
import { FakeOdoo } from "../support/odoo-server.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";

let db: TestDatabase;
let odoo: FakeOdoo;
const client = () => new OdooClient({ url: odoo.url, db: "odoo_test", user: "seed_bot@example.com", password: "bot-password", timeoutMs: 5000, retries: 0 });
const shadow = (opts: PullOptions = {}) => withClient(db.url, (c) => pullShadow(c, client(), opts));
const task = (ref: string) => odoo.find("project.task", (r) => r.x_external_ref === ref)[0]!;
const shadowName = (ref: string) =>
  withClient(db.url, (c) => c.query(`select name from odoo_seed.shadow_tasks where external_ref = $1`, [ref]).then((r) => r.rows[0]?.name as string | undefined));
/** What the pull asked Odoo for: the ids each search_read of a shadowed model answered. */
const readIds = (): Record<string, number[]> => Object.fromEntries(["project.project", "project.task"].map((m) => [m, odoo.reads.filter((c) => c.model === m && c.method === "search_read").flatMap((c) => c.ids!)]));

beforeEach(async () => {
  db = await createTestDatabase("odoo_incremental");
  odoo = new FakeOdoo({ db: "odoo_test", login: "seed_bot@example.com", password: "bot-password" });
  const company = odoo.insert("res.company", { name: "TBWA\\SMP" });
  odoo.insert("res.users", { name: "Rey Meran", login: "rey.meran@tbwa-smp.com", company_id: company });
  odoo.insert("res.users", { name: "Beng Manalo", login: "beng.manalo@tbwa-smp.com", company_id: company });
  await odoo.start();
  await withClient(db.url, (c) => c.query(`update odoo.instances set base_url = $1, database = 'odoo_test' where slug = 'odoo-prod'`, [odoo.url]));
  await withClient(db.url, (c) => pushSeed(c, client()));
  // everything was written long ago
  for (const m of ["project.project", "project.task"]) for (const r of odoo.records[m]!.values()) r.write_date = "2026-01-05 08:00:00";
});
afterEach(async () => {
  await odoo.stop();
  await db.drop();
});

it("a second pull after one changed record reads only that record; another record written in the cursor's second is not missed", async () => {
  const first = await shadow();
  expect(first.mode).toBe("full");
  expect(readIds()["project.task"]).toHaveLength(3);

  await client().write("project.task", [task("FIN_CLOSE_T002").id], { name: "Changed through the API" });
  odoo.reads = [];
  const second = await shadow();
  expect(second.mode).toBe("incremental");
  expect(readIds()).toEqual({ "project.project": [], "project.task": [task("FIN_CLOSE_T002").id] });
  expect(odoo.reads.find((c) => c.model === "project.task")!.domain).toEqual([
    ["x_external_ref", "!=", false], "|", ["write_date", ">", "2026-01-05 08:00:00"], "&", ["write_date", "=", "2026-01-05 08:00:00"],
    ["id", "not in", ["FIN_CLOSE_T001", "FIN_CLOSE_T002", "FIN_CLOSE_T003"].map((r) => task(r).id).sort((a, b) => a - b)]]);
  expect(await shadowName("FIN_CLOSE_T002")).toBe("Changed through the API");

  // another record written in the same second as the cursor (the pull read within that second): not missed
  const cursorSecond = task("FIN_CLOSE_T002").write_date as string;
  Object.assign(task("FIN_CLOSE_T003"), { name: "Same second", write_date: cursorSecond });
  odoo.reads = [];
  await shadow();
  expect(readIds()["project.task"]).toContain(task("FIN_CLOSE_T003").id);
  expect(readIds()["project.task"]).not.toContain(task("FIN_CLOSE_T001").id);
  expect(await shadowName("FIN_CLOSE_T003")).toBe("Same second");

  // once the last read began well after the cursor's second, records already held at it are not read again
  await withClient(db.url, (c) => c.query(`update odoo.sync_cursors set last_synced_at = last_write_date + interval '1 minute'`));
  odoo.reads = [];
  await shadow();
  expect(readIds()).toEqual({ "project.project": [], "project.task": [] });
  expect(await shadowName("FIN_CLOSE_T003")).toBe("Same second");
});

it("a record deleted in Odoo is found by the periodic full pull, not by an incremental one", async () => {
  await shadow();
  odoo.records["project.task"]!.delete(task("FIN_CLOSE_T003").id);
  const incremental = await shadow();
  expect([incremental.mode, incremental.removed]).toEqual(["incremental", 0]);
  expect(await shadowName("FIN_CLOSE_T003")).toBeDefined();

  // the last full pull is two days old: this pull is full (default: every 24 h)
  await withClient(db.url, (c) => c.query(`update odoo.sync_cursors set last_full_at = now() - interval '2 days'`));
  const periodic = await shadow();
  expect([periodic.mode, periodic.removed]).toEqual(["full", 1]);
  expect(await shadowName("FIN_CLOSE_T003")).toBeUndefined();
  const cursors = await withClient(db.url, (c) => c.query(`select model, last_full_at > now() - interval '1 minute' as fresh from odoo.sync_cursors order by model`).then((r) => r.rows));
  expect(cursors).toEqual([{ model: "project.project", fresh: true }, { model: "project.task", fresh: true }]);
  expect((await shadow({ full: true })).mode).toBe("full");
});
