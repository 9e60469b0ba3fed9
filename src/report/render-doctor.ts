// The doctor and doctrine sections of `ssot report`: the checklist and the lints by level with their
// remediation, then the doctrine map (every rule, how it is enforced, its result).
import type { DoctorReport, Finding, Lint } from "../advisor/doctor.ts";
import type { DoctrineData } from "./doctrine.ts";
import { badge, esc, sectionBox, stat, table, when, type Tone } from "./html.ts";
import { barChart } from "./svg.ts";

const statusTone: Record<string, Tone> = { pass: "good", fail: "bad", warn: "warn", manual: "plain" };
const levelTone: Record<string, Tone> = { ERROR: "bad", WARN: "warn", INFO: "plain" };
const statusOrder: Record<string, number> = { fail: 0, warn: 1, pass: 2, manual: 3 };

function lintRows(lints: Lint[]): string[][] {
  return lints.map((l) => [
    badge(l.level, levelTone[l.level] ?? "plain"),
    `<code>${esc(l.name)}</code><br><span class="muted">${esc(l.title)}</span>`,
    esc(l.detail),
    esc(l.remediation),
  ]);
}

function lintsByLevel(lints: Lint[]): string {
  return (["ERROR", "WARN", "INFO"] as const).map((level) => {
    const ls = lints.filter((l) => l.level === level);
    const body = table(["level", "lint", "detail", "remediation"], lintRows(ls), `lints lints-${level.toLowerCase()}`);
    // ERROR and WARN open; INFO (often long) folded
    return `<details data-lint-level="${level}" data-count="${ls.length}"${level === "INFO" ? "" : " open"}><summary>${esc(level)}: ${ls.length}</summary>${body}</details>`;
  }).join("\n");
}

function findingRows(fs: Finding[]): string[][] {
  return [...fs]
    .sort((a, b) => (statusOrder[a.status] ?? 9) - (statusOrder[b.status] ?? 9) || a.area.localeCompare(b.area))
    .map((f) => [badge(f.status, statusTone[f.status] ?? "plain"), esc(f.priority), esc(f.item), esc(f.area), esc(f.detail)]);
}

export function renderDoctor(r: DoctorReport): string {
  const n = (level: string) => r.lints.filter((l) => l.level === level).length;
  const stats = `<div class="stats">` +
    stat("doctor-ok", "doctor", r.ok ? "ok" : "failing", r.ok ? "good" : "bad") +
    stat("checklist-fail", "checklist fail", r.counts.fail, r.counts.fail ? "bad" : "good") +
    stat("checklist-warn", "checklist warn", r.counts.warn, r.counts.warn ? "warn" : "plain") +
    stat("checklist-pass", "checklist pass", r.counts.pass, "good") +
    stat("checklist-manual", "manual items", r.counts.manual) +
    stat("lint-error", "lints at ERROR", n("ERROR"), n("ERROR") ? "bad" : "good") +
    stat("lint-warn", "lints at WARN", n("WARN"), n("WARN") ? "warn" : "plain") +
    stat("lint-info", "lints at INFO", n("INFO")) + `</div>`;
  const chart = barChart("lint-levels", [
    { label: "ERROR", value: n("ERROR"), color: "#c62828" },
    { label: "WARN", value: n("WARN"), color: "#b26a00" },
    { label: "INFO", value: n("INFO"), color: "#5d6677" },
  ], 520);
  const database = r.findings.filter((f) => f.status !== "manual");
  return sectionBox("doctor", "Doctor: hardening checklist and lints",
    stats + chart +
    `<h3>Checklist (evaluated now, not recorded)</h3>` +
    table(["status", "priority", "item", "area", "detail"], findingRows(database), "findings") +
    `<h3>Lints by level</h3>` + lintsByLevel(r.lints));
}

export function renderDoctrine(d: DoctrineData): string {
  const failing = d.assertions.filter((a) => a.violations.length > 0).length;
  const dbItems = d.checklist.filter((k) => k.evaluation === "database");
  const manual = d.checklist.filter((k) => k.evaluation !== "database");
  const lastRun = d.checklist.find((k) => k.lastRunAt)?.lastRunAt ?? null;
  const stats = `<div class="stats">` +
    stat("assertions", "ssot check assertions", d.assertions.length) +
    stat("assertions-failing", "assertions failing", failing, failing ? "bad" : "good") +
    stat("checklist-database", "checklist items the database answers", dbItems.length) +
    stat("checklist-manual-items", "items a person verifies", manual.length) + `</div>`;
  const assertions = table(["result", "rule", "enforced by", "what it requires", "violations"], d.assertions.map((a) => [
    badge(a.violations.length ? "fail" : "pass", a.violations.length ? "bad" : "good"),
    `<code>${esc(a.name)}</code>`,
    `<code>ssot check</code> (advisor.assert_doctrine)`,
    esc(a.description),
    a.violations.length === 0 ? "" : `<ul>${a.violations.map((v) => `<li><b>${esc(v.object)}</b>: ${esc(v.problem)}<br><span class="muted">fix: ${esc(v.fix)}</span></li>`).join("")}</ul>`,
  ]), "assertions");
  const items = table(["now", "last recorded", "item", "priority", "enforced by", "how"], dbItems.map((k) => [
    k.status ? badge(k.status, statusTone[k.status] ?? "plain") : "–",
    k.lastStatus ? badge(k.lastStatus, statusTone[k.lastStatus] ?? "plain") : `<span class="muted">never run</span>`,
    esc(k.item) + (k.detail ? `<br><span class="muted">${esc(k.detail)}</span>` : ""),
    esc(k.priority),
    `<code>ssot doctor</code> (${esc(k.evaluator)})`,
    esc(k.how),
  ]), "checklist-map");
  const manualTable = table(["item", "area", "priority", "what to verify"], manual.map((k) => [esc(k.item), esc(k.area), esc(k.priority), esc(k.how)]), "manual-map");
  return sectionBox("doctrine", "Doctrine map",
    stats +
    `<h3>Assertions of <code>ssot check</code> (evaluated now)</h3>` + assertions +
    `<h3>Checklist items the database answers</h3><p class="muted">last recorded run (<code>ssot doctor</code>): ${esc(when(lastRun, "none"))}</p>` + items +
    `<details><summary>Items a person must verify: ${manual.length}</summary>${manualTable}</details>`);
}
