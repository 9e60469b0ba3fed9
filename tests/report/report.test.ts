// `ssot report` in a real browser (Chromium through playwright-core): the page makes no request and
// logs no error, each section shows the planted state's counts, text from the database is escaped
// (a <script> planted in a lint's detail and in a cron run's message shows as text and never runs),
// the report writes nothing to the database, and a screenshot is left in .ssot/report.png.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { projectRoot } from "../../src/cluster/paths.ts";
import { runCliAsync } from "../../src/testrun/run-cli.ts";
import { launchBrowser, openFile, type LoadedPage } from "../support/browser.ts";
import { CRON_SCRIPT, LINT_SCRIPT, plant, RAG_CHUNKS } from "./plant.ts";

const ssotDir = path.join(projectRoot, ".ssot");
const htmlFile = path.join(ssotDir, "report-test.html");
const shot = path.join(ssotDir, "report.png");

let db: TestDatabase;
let browser: Browser;
let loaded: LoadedPage;
let page: Page;
let expected: { missed: number; seals: number; advisorRuns: number };

async function sql<T = Record<string, unknown>>(text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try { return (await c.query(text)).rows as T[]; } finally { await c.end(); }
}

beforeAll(async () => {
  db = await createTestDatabase("report");
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try { await plant(c); } finally { await c.end(); }
  const [m] = await sql<{ missed: number; seals: number; runs: number }>(`
    select (select coalesce(sum(missed_while_down), 0)::int from ops.cron_job_health where enabled) as missed,
           (select count(*)::int from ops.event_seals) as seals, (select count(*)::int from advisor.runs) as runs`);
  expected = { missed: m!.missed, seals: m!.seals, advisorRuns: m!.runs };
  fs.rmSync(htmlFile, { force: true });
  const r = await runCliAsync(["report", "--database-url", db.url, "--out", htmlFile]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  browser = await launchBrowser();
  loaded = await openFile(browser, htmlFile);
  page = loaded.page;
  await page.screenshot({ path: shot, fullPage: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await db?.drop();
});

const statText = (key: string) => page.locator(`[data-stat="${key}"]`).textContent();

it("loads with no request beyond the file itself, no console error and no page error", () => {
  expect(loaded.requests).toEqual([loaded.page.url()]);
  expect(loaded.consoleErrors).toEqual([]);
  expect(loaded.pageErrors).toEqual([]);
});

it("has every section, none unavailable", async () => {
  const ids = await page.locator("section[data-section]").evaluateAll((els) => els.map((e) => e.getAttribute("data-section")));
  expect(ids).toEqual(["doctor", "doctrine", "cron", "queues", "drift", "seals", "rag"]);
  expect(await page.locator("[data-unavailable]").count()).toBe(0);
});

it("shows the planted lints at ERROR with their remediation, the planted <script> as text", async () => {
  expect(await statText("lint-error")).toBe("2");
  expect(await statText("doctor-ok")).toBe("failing");
  const rows = page.locator("table.lints-error tbody tr");
  expect(await rows.count()).toBe(2);
  const text = (await rows.allTextContents()).join("\n");
  expect(text).toContain(LINT_SCRIPT);
  expect(text).toContain("plain_no_rls");
  expect(text).toContain("Enable RLS on the table");
  expect(await page.locator("details[data-lint-level=ERROR]").getAttribute("data-count")).toBe("2");
});

it("never runs a script: none in the page, the planted ones did nothing", async () => {
  expect(await page.locator("script").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

it("maps the doctrine: each ssot check assertion with its result, the checklist items with theirs", async () => {
  const assertions = page.locator("table.assertions tbody tr");
  expect(await assertions.count()).toBeGreaterThanOrEqual(18);
  // the planted tables in public have RLS off: rls_enabled fails and names them
  const rls = assertions.filter({ hasText: "rls_enabled" }).first();
  expect(await rls.locator(".badge").first().textContent()).toBe("fail");
  expect(await rls.textContent()).toContain("plain_no_rls");
  const passing = await page.locator("table.assertions tbody tr", { hasText: "definer_execute" }).locator(".badge").first().textContent();
  expect(passing).toBe("pass");
  const [k] = await sql<{ n: number }>(`select count(*)::int as n from advisor.checks where evaluation = 'database'`);
  expect(await page.locator("table.checklist-map tbody tr").count()).toBe(k!.n);
  expect(await statText("checklist-database")).toBe(String(k!.n));
});

it("draws cron health: the runs on the timeline, the failure with its escaped message, the missed runs", async () => {
  expect(await statText("cron-runs")).toBe("5");
  expect(await statText("cron-failed-runs")).toBe("1");
  expect(await statText("cron-failing-jobs")).toBe("1");
  expect(await statText("cron-missed")).toBe(String(expected.missed));
  expect(expected.missed).toBeGreaterThan(0);
  const pump = page.locator('#cron-timeline g[data-job="housekeeping-outbox-pump"]');
  expect(await pump.locator("rect.run.ok").count()).toBe(2);
  expect(await pump.locator("rect.run.failed").count()).toBe(1);
  expect(await pump.locator("rect.run.failed title").textContent()).toContain(CRON_SCRIPT);
  expect(await page.locator("#cron-timeline rect.outage").count()).toBe(1);
  expect(await page.locator("table.cron-jobs tbody tr", { hasText: "housekeeping-outbox-pump" }).textContent()).toContain(`ERROR: ${CRON_SCRIPT}`);
});

it("shows the webhook queue and the outbox", async () => {
  expect(await statText("queue-depth-odoo.webhook_events")).toBe("3");
  expect(await statText("queue-depth-ops.outbox")).toBe("0");
  expect(await page.locator('#queue-depth g[data-bar="odoo.webhook_events"]').getAttribute("data-value")).toBe("3");
  expect(await page.locator("table.queue-status tbody tr", { hasText: "pending" }).textContent()).toContain("3");
});

it("shows Odoo drift per instance", async () => {
  expect(await statText("drift-total")).toBe("1");
  expect(await statText("drift-odoo-prod")).toBe("1");
  expect(await statText("drift-odoo-staging")).toBe("0");
  const row = page.locator("table.drift-rows tbody tr");
  expect(await row.count()).toBe(1);
  expect(await row.textContent()).toContain("orphan-<b>ref</b>");
});

it("shows the seal chain and the RAG corpus", async () => {
  expect(await statText("seals-ok")).toBe("verifies");
  expect(await statText("seals-checked")).toBe(String(expected.seals));
  expect(expected.seals).toBeGreaterThan(0);
  expect(await statText("rag-documents")).toBe("1");
  expect(await statText("rag-chunks")).toBe(String(RAG_CHUNKS));
});

it("wrote nothing to the database (the checklist is evaluated, not recorded) and left a screenshot", async () => {
  const [after] = await sql<{ runs: number }>(`select count(*)::int as runs from advisor.runs`);
  expect(after!.runs).toBe(expected.advisorRuns);
  expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
});
