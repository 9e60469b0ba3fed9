// `ssot odoo seed`, `shadow` and `drift` against the fake Odoo JSON-RPC server (no Odoo runs
// here; tests/support/odoo-server.ts speaks Odoo's external API protocol). The template database
// holds the seed files' rows: project FIN_CLOSE_PROJ and tasks FIN_CLOSE_T001..T003.
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/cluster/paths.ts";
import { withClient } from "../../src/db/client.ts";
import { OdooClient } from "../../src/odoo/client.ts";
import { pushSeed, type SeedReport } from "../../src/odoo/seed.ts";
import { pullShadow, readDrift } from "../../src/odoo/shadow.ts";
import { FakeOdoo } from "../support/odoo-server.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { cliEnv, runCli, runCliAsync, ssotBin } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;
let odoo: FakeOdoo;
/** What the CLI needs to reach this file's database and the fake Odoo. */
const odooEnv = () => ({
  DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url, ODOO_URL: odoo.url, ODOO_DB: "odoo_test", ODOO_USER: "seed_bot@example.com", ODOO_PASSWORD: "bot-password",
});

function fakeOdoo() {
  const f = new FakeOdoo({ db: "odoo_test", login: "seed_bot@example.com", password: "bot-password" });
  const company = f.insert("res.company", { name: "TBWA\\SMP" });
  f.insert("res.users", { name: "Rey Meran", login: "rey.meran@tbwa-smp.com", company_id: company });
  f.insert("res.users", { name: "Beng Manalo", login: "beng.manalo@tbwa-smp.com", company_id: company });
  return f;
}
const client = () => new OdooClient({ url: odoo.url, db: "odoo_test", user: "seed_bot@example.com", password: "bot-password", timeoutMs: 5000, retries: 0 });
const seed = () => withClient(db.url, (c) => pushSeed(c, client()));
const shadow = () => withClient(db.url, (c) => pullShadow(c, client()));
const drift = () => withClient(db.url, readDrift);
const task = (ref: string) => odoo.find("project.task", (r) => r.x_external_ref === ref)[0]!;

beforeEach(async () => {
  db = await createTestDatabase("odoo_seed");
  odoo = fakeOdoo();
  await odoo.start();
  // the seeded instance odoo-prod is this fake Odoo
  await withClient(db.url, (c) => c.query(`update odoo.instances set base_url = $1, database = 'odoo_test' where slug = 'odoo-prod'`, [odoo.url]));
});
afterEach(async () => {
  await odoo.stop();
  await db.drop();
});

describe("ssot odoo seed", () => {
  it("creates projects, tasks, stages, tags and dependencies, writes back ids; a second run makes zero writes", async () => {
    const ticks: string[] = [];
    const first = await withClient(db.url, (c) => pushSeed(c, client(), { progress: (done, total, what) => ticks.push(`${done}/${total} ${what}`) }));
    expect(ticks).toEqual([
      "1/7 project FIN_CLOSE_PROJ", "2/7 task FIN_CLOSE_T001", "3/7 task FIN_CLOSE_T002", "4/7 task FIN_CLOSE_T003",
      "5/7 dependencies of FIN_CLOSE_T001", "6/7 dependencies of FIN_CLOSE_T002", "7/7 dependencies of FIN_CLOSE_T003",
    ]);
    expect(first.status).toBe("success");
    expect(first.counts).toEqual({
      projects: { created: 1, updated: 0, unchanged: 0, failed: 0 },
      tasks: { created: 3, updated: 0, unchanged: 0, failed: 0 },
    });
    expect(first.writes).toBeGreaterThan(0);
    const proj = odoo.find("project.project", (r) => r.x_external_ref === "FIN_CLOSE_PROJ")[0]!;
    expect(proj.name).toBe("Month-End Financial Closing Standardization");
    const users = new Map(odoo.find("res.users", () => true).map((u) => [u.login, u.id]));
    expect(proj.user_id).toBe(users.get("rey.meran@tbwa-smp.com"));
    expect(task("FIN_CLOSE_T002").depend_on_ids).toEqual([task("FIN_CLOSE_T001").id]);
    expect(task("FIN_CLOSE_T003").depend_on_ids).toEqual([task("FIN_CLOSE_T002").id]);
    expect(task("FIN_CLOSE_T001").user_ids).toEqual([users.get("beng.manalo@tbwa-smp.com")]);
    expect(odoo.find("project.tags", () => true).map((t) => t.name).sort()).toEqual(["reconciliation", "setup"]);
    const stage = odoo.find("project.task.type", (s) => s.name === "To Do");
    expect(stage).toHaveLength(1);
    expect(stage[0]!.project_ids).toEqual([proj.id]);
    const ids = await withClient(db.url, (c) =>
      c.query(`select i.slug, w.external_ref, w.odoo_id from odoo_seed.task_odoo_ids w join odoo.instances i on i.id = w.instance_id order by 2`).then((r) => r.rows));
    expect(ids).toEqual(["FIN_CLOSE_T001", "FIN_CLOSE_T002", "FIN_CLOSE_T003"].map((ref) => ({ slug: "odoo-prod", external_ref: ref, odoo_id: task(ref).id })));

    const writesAfterFirst = odoo.writes.length;
    const second = await seed();
    expect(second.writes).toBe(0);
    expect(odoo.writes.length).toBe(writesAfterFirst);
    expect([...second.results.projects, ...second.results.tasks].map((r) => r.action)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);

    const runs = await withClient(db.url, (c) =>
      c.query(`select kind, status, counts, results -> 'tasks' -> 0 ->> 'action' as first_task from odoo_seed.sync_runs order by started_at`).then((r) => r.rows));
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => [r.kind, r.status, r.first_task])).toEqual([["seed", "success", "created"], ["seed", "success", "unchanged"]]);
    expect(runs[0].counts.tasks).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 0 });
    expect(runs[1].counts.writes).toBe(0);
  });

  it("records an Odoo error on one task and syncs the rest; the next run picks it up", async () => {
    odoo.faults.push({ model: "project.task", method: "create", when: (v) => v.x_external_ref === "FIN_CLOSE_T003", message: "Planted: the deadline is in a closed period." });
    const r = await seed();
    expect(r.status).toBe("partial");
    expect(r.ok).toBe(false);
    const byRef = Object.fromEntries(r.results.tasks.map((t) => [t.external_ref, t]));
    expect(byRef.FIN_CLOSE_T001!.action).toBe("created");
    expect(byRef.FIN_CLOSE_T002!.action).toBe("created");
    expect(byRef.FIN_CLOSE_T003!.action).toBe("failed");
    expect(byRef.FIN_CLOSE_T003!.error).toContain("Planted: the deadline is in a closed period.");
    expect(byRef.FIN_CLOSE_T003!.error).toContain("odoo.exceptions.ValidationError");
    expect(odoo.find("project.task", (t) => t.x_external_ref === "FIN_CLOSE_T003")).toHaveLength(0);
    const run = await withClient(db.url, (c) => c.query(`select status, counts -> 'tasks' as tasks from odoo_seed.sync_runs`).then((q) => q.rows));
    expect(run).toEqual([{ status: "partial", tasks: { created: 2, updated: 0, unchanged: 0, failed: 1 } }]);

    odoo.faults = [];
    const again = await seed();
    expect(again.status).toBe("success");
    expect(again.results.tasks.map((t) => t.action)).toEqual(["unchanged", "unchanged", "created"]);
    expect(task("FIN_CLOSE_T003").depend_on_ids).toEqual([task("FIN_CLOSE_T002").id]);
  });

  it("fails a project whose company or manager Odoo does not know, and its tasks, without stopping", async () => {
    await withClient(db.url, (c) => c.query(`update odoo_seed.projects set manager_email = 'nobody@example.com'`));
    const r = await seed();
    expect(r.status).toBe("failed");
    expect(r.results.projects[0]!.error).toMatch(/manager_email nobody@example.com is not the login of a res.users/);
    expect(r.results.tasks.every((t) => t.action === "failed" && /project FIN_CLOSE_PROJ failed/.test(t.error!))).toBe(true);
    expect(odoo.writes).toHaveLength(0);
  });
});

describe("ssot odoo seed --dry-run", () => {
  const planner = () => new OdooClient({ url: odoo.url, db: "odoo_test", user: "seed_bot@example.com", password: "bot-password", timeoutMs: 5000, retries: 0, dryRun: true });
  const plan = (instance = "odoo-prod") => withClient(db.url, (c) => pushSeed(c, planner(), { instance }));
  /** What a run writes to the database: run rows, ids written back, entity mappings. */
  const written = () => withClient(db.url, (c) => c.query(
    `select (select count(*)::int from odoo_seed.sync_runs) as runs,
            (select count(*)::int from odoo_seed.project_odoo_ids) as project_ids,
            (select count(*)::int from odoo_seed.task_odoo_ids) as task_ids,
            (select count(*)::int from odoo.entity_mappings) as mappings`).then((r) => r.rows[0]));
  const onlyReads = () => odoo.calls.filter((c) => !/^(common\.authenticate|.+\.search_read)$/.test(c));
  /** A report without what only a real run has: its run id and the ids of the records it created. */
  const plannedPart = (r: SeedReport) => ({
    ok: r.ok, status: r.status, writes: r.writes, counts: r.counts,
    results: [...r.results.projects, ...r.results.tasks].map((x) => ({ ...x, odoo_id: x.action === "created" ? null : x.odoo_id })),
  });
  const cli = (...args: string[]) => runCliAsync(args, { inherit: true, env: odooEnv() });

  it("on an empty Odoo: plans every create, sends only reads, writes nothing; the real run carries out that plan", async () => {
    const nothing = await written();
    expect(nothing).toEqual({ runs: 0, project_ids: 0, task_ids: 0, mappings: 0 });
    const p = await plan("odoo-prod");
    expect([p.dry_run, p.run_id, p.status]).toEqual([true, null, "success"]);
    expect(p.counts).toEqual({
      projects: { created: 1, updated: 0, unchanged: 0, failed: 0 },
      tasks: { created: 3, updated: 0, unchanged: 0, failed: 0 },
    });
    expect(p.results.tasks.map((t) => [t.external_ref, t.action, t.odoo_id])).toEqual([
      ["FIN_CLOSE_T001", "created", null], ["FIN_CLOSE_T002", "created", null], ["FIN_CLOSE_T003", "created", null],
    ]);
    expect(odoo.writes).toEqual([]);
    expect(odoo.calls.length).toBeGreaterThan(0);
    expect(onlyReads()).toEqual([]);
    expect(await written()).toEqual(nothing);

    const real = await withClient(db.url, (c) => pushSeed(c, client(), { instance: "odoo-prod" }));
    expect(real.dry_run).toBe(false);
    expect(plannedPart(real)).toEqual(plannedPart(p));
    expect(real.writes).toBe(odoo.writes.length);
    expect(await written()).toMatchObject({ runs: 1, project_ids: 1, task_ids: 3 });
  });

  it("after changes on both sides: plans the updates with the fields that differ, and the real run matches", async () => {
    await seed();
    await withClient(db.url, (c) => c.query(`update odoo_seed.tasks set name = 'Configure the chart of accounts' where external_ref = 'FIN_CLOSE_T001'`));
    task("FIN_CLOSE_T003").depend_on_ids = [];
    const before = await written();
    odoo.writes = [];
    odoo.calls = [];
    const p = await plan();
    expect(p.counts.tasks).toEqual({ created: 0, updated: 2, unchanged: 1, failed: 0 });
    expect(p.results.tasks.map((t) => [t.external_ref, t.action, t.changed ?? null])).toEqual([
      ["FIN_CLOSE_T001", "updated", ["name"]], ["FIN_CLOSE_T002", "unchanged", null], ["FIN_CLOSE_T003", "updated", ["depend_on_ids"]],
    ]);
    expect(p.writes).toBe(2);
    expect(odoo.writes).toEqual([]);
    expect(onlyReads()).toEqual([]);
    expect(await written()).toEqual(before);
    expect(task("FIN_CLOSE_T001").name).toBe("Configure chart of accounts");

    const real = await seed();
    expect(plannedPart(real)).toEqual(plannedPart(p));
    expect(odoo.writes.map((w) => `${w.model}.${w.method}`)).toEqual(["project.task.write", "project.task.write"]);
  });

  it("the CLI prints the plan a real run prints (text and --json) and writes nothing", async () => {
    const text = await cli("odoo", "seed", "--dry-run");
    expect(text.err).toBe("");
    expect(text.code).toBe(0);
    const json = await cli("odoo", "seed", "--dry-run", "--json");
    expect(json.code).toBe(0);
    const reports = JSON.parse(json.out);
    expect(reports.map((r: { instance: string }) => r.instance)).toEqual(["odoo-prod"]);
    const report = reports[0];
    expect([report.dry_run, report.run_id, report.counts.tasks.created, report.writes]).toEqual([true, null, 3, expect.any(Number)]);
    expect(report.writes).toBeGreaterThan(0);
    expect(odoo.writes).toEqual([]);
    expect(onlyReads()).toEqual([]);
    expect(await written()).toEqual({ runs: 0, project_ids: 0, task_ids: 0, mappings: 0 });

    const real = await cli("odoo", "seed");
    expect(real.code).toBe(0);
    expect(odoo.writes).toHaveLength(report.writes);
    const planned = text.out.trim().split("\n");
    const done = real.out.trim().split("\n");
    // record lines: the same but for the ids Odoo gave the created records
    expect(planned.slice(0, -1)).toEqual(done.slice(0, -1).map((l) => l.replace(/^(\S+ +\S+ +\S+ +created +)\d+/, "$1-")));
    expect(planned).toHaveLength(5);
    expect(planned[0]).toMatch(/^odoo-prod project +FIN_CLOSE_PROJ +created +-$/);
    expect(planned.at(-1)).toBe(done.at(-1)!.replace(/^odoo-prod: seed run \S+:/, "odoo-prod: dry run (nothing written):").replace(/ writes to Odoo$/, " writes to Odoo planned"));
    expect(planned.at(-1)).toMatch(/^odoo-prod: dry run \(nothing written\): success; projects 1 created, .*; tasks 3 created, .*; \d+ writes to Odoo planned$/);
  });
});

describe("ssot odoo shadow + drift", () => {
  it("shows exactly the differences planted in Odoo", async () => {
    await seed();
    await shadow();
    expect(await drift()).toEqual([]);

    // plant differences in "Odoo"
    const done = odoo.insert("project.task.type", { name: "Done", project_ids: [] });
    const users = new Map(odoo.find("res.users", () => true).map((u) => [u.login, u.id]));
    odoo.edit("project.task", task("FIN_CLOSE_T001").id, { name: "Chart of accounts (renamed in Odoo)" });
    odoo.edit("project.task", task("FIN_CLOSE_T002").id, { stage_id: done, depend_on_ids: [] });
    odoo.edit("project.task", task("FIN_CLOSE_T003").id, { user_ids: [users.get("rey.meran@tbwa-smp.com")!] });
    odoo.insert("project.project", { name: "Legacy", x_external_ref: "LEGACY_PROJ", company_id: 1 });
    await withClient(db.url, (c) =>
      c.query(`insert into odoo_seed.tasks (project_external_ref, external_ref, name) values ('FIN_CLOSE_PROJ', 'FIN_CLOSE_T004', 'File BIR 2550Q')`));

    const pulled = await shadow();
    // incremental: the edited tasks and the new project (write_date >= the cursor)
    expect([pulled.mode, pulled.tasks]).toEqual(["incremental", 3]);
    const rows = (await drift()).map(({ entity, kind, external_ref, expected, actual }) => ({ entity, kind, external_ref, expected, actual }));
    expect(rows).toEqual([
      { entity: "project", kind: "orphan_in_odoo", external_ref: "LEGACY_PROJ", expected: null, actual: "Legacy" },
      { entity: "task", kind: "name", external_ref: "FIN_CLOSE_T001", expected: "Configure chart of accounts", actual: "Chart of accounts (renamed in Odoo)" },
      { entity: "task", kind: "dependency", external_ref: "FIN_CLOSE_T002", expected: "FIN_CLOSE_T001", actual: "" },
      { entity: "task", kind: "stage", external_ref: "FIN_CLOSE_T002", expected: "To Do", actual: "Done" },
      { entity: "task", kind: "assignee", external_ref: "FIN_CLOSE_T003", expected: "beng.manalo@tbwa-smp.com", actual: "rey.meran@tbwa-smp.com" },
      { entity: "task", kind: "missing_in_odoo", external_ref: "FIN_CLOSE_T004", expected: "File BIR 2550Q", actual: null },
    ]);
    const views = await withClient(db.url, (c) =>
      c.query(`select (select count(*) from odoo_seed.v_missing_in_odoo) as missing, (select count(*) from odoo_seed.v_orphan_in_odoo) as orphan,
                      (select count(*) from odoo_seed.v_name_drift) as name, (select count(*) from odoo_seed.v_stage_drift) as stage,
                      (select count(*) from odoo_seed.v_assignee_drift) as assignee, (select count(*) from odoo_seed.v_dependency_drift) as dependency`).then((r) => r.rows[0]));
    expect(views).toEqual({ missing: 1, orphan: 1, name: 1, stage: 1, assignee: 1, dependency: 1 });

    // the CLI: drift exits 1 with the rows as JSON; seeding again repairs what the seed owns
    // asynchronous: the fake Odoo answers from this process's event loop
    const cli = (...args: string[]) => runCliAsync(args, { inherit: true, env: odooEnv() });
    const d = await cli("odoo", "drift", "--json");
    expect(d.code).toBe(1);
    expect(JSON.parse(d.out)).toHaveLength(6);
    const s = await cli("odoo", "seed", "--json");
    expect(s.code).toBe(0);
    const reports = JSON.parse(s.out);
    expect(reports.map((r: { instance: string }) => r.instance)).toEqual(["odoo-prod"]);
    expect(reports[0].counts.tasks).toEqual({ created: 1, updated: 3, unchanged: 0, failed: 0 });
    expect((await cli("odoo", "shadow")).code).toBe(0);
    const after = await cli("odoo", "drift");
    expect(after.out).toMatch(/^odoo-prod project .*orphan_in_odoo/m);
    expect(after.code).toBe(1);
    expect(JSON.parse((await cli("odoo", "drift", "--json")).out).map((r: { instance: string; kind: string }) => [r.instance, r.kind])).toEqual([["odoo-prod", "orphan_in_odoo"]]);
  });

  it("draws a progress bar on a terminal and none into a pipe", async () => {
    const env = cliEnv(odooEnv(), true);
    // util-linux `script` runs the command on a pseudo-terminal, as a person at a shell would
    const tty = await new Promise<{ status: number | null; out: string }>((resolve) => {
      const p = spawn("script", ["-qefc", `node ${ssotBin} odoo seed`, "/dev/null"], { cwd: projectRoot, env });
      let out = "";
      p.stdout.on("data", (d) => (out += d));
      p.on("close", (status) => resolve({ status, out }));
    });
    expect(tty.status).toBe(0);
    // 1 project + 3 tasks, each task twice (fields, then dependencies): the bar counts to 7
    expect(tty.out).toMatch(/[░█]+ \d\/7 /);
    expect(tty.out).toContain("7/7");
    const piped = await runCliAsync(["odoo", "seed"], { inherit: true, env: odooEnv() });
    expect(piped.code).toBe(0);
    expect(piped.err).not.toMatch(/[░█]|\d\/7/);
    expect(piped.out).toMatch(/FIN_CLOSE_T001/);
  });

  it("refuses to start without the Odoo variables, naming the one missing", () => {
    const run = (env: Record<string, string>) =>
      runCli(["odoo", "seed"], { inherit: true, env: { DATABASE_URL: db.url, ODOO_URL: "", ODOO_DB: "", ODOO_USER: "u", ODOO_PASSWORD: "p", ...env } });
    const noUser = run({ ODOO_USER: "" });
    expect(noUser.code).toBe(78);
    expect(noUser.err).toMatch(/ODOO_USER is not set/);
  });

  it("takes the API key from the vault (odoo_api_key, through the audited accessor) when ODOO_PASSWORD is not set", async () => {
    const env = { ...odooEnv(), ODOO_PASSWORD: "" };
    const none = runCli(["odoo", "seed"], { inherit: true, env });
    expect(none.code).toBe(78);
    expect(none.err).toMatch(/ODOO_PASSWORD is not set.*ssot secret set odoo_api_key/);
    expect(runCli(["secret", "set", "odoo_api_key"], { inherit: true, env, input: "bot-password" }).code).toBe(0);
    const ok = await runCliAsync(["odoo", "shadow"], { inherit: true, env });
    expect(ok.code, ok.err).toBe(0);
    const reads = await withClient(db.url, (c) =>
      c.query(`select count(*)::int as n from control_plane.access_log where secret_name = 'odoo_api_key' and bot_id = 'ssot-cli' and outcome = 'granted'`));
    expect(reads.rows[0].n).toBe(1);
  });

  it("reaches an instance at its base_url and database; with neither set nor ODOO_URL, names the instance and the variable", async () => {
    const run = (...args: string[]) =>
      runCliAsync(args, { inherit: true, env: { DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url, ODOO_URL: "", ODOO_DB: "", ODOO_USER: "seed_bot@example.com", ODOO_PASSWORD: "bot-password" } });
    // odoo-prod points at the fake (beforeEach): no ODOO_URL needed
    const ok = await run("odoo", "seed");
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^odoo-prod: seed run .*: success/m);
    await withClient(db.url, (c) => c.query(`update odoo.instances set base_url = null where slug = 'odoo-prod'`));
    const missing = await run("odoo", "shadow");
    expect(missing.code).toBe(78);
    expect(missing.err).toMatch(/instance odoo-prod has no base_url and ODOO_URL is not set/);
  });
});
