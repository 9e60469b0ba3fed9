// The operational sections of `ssot report`: cron timeline, queues, Odoo drift, seal chain, RAG.
import { age, badge, esc, sectionBox, stat, table, when } from "./html.ts";
import type { CronData, DriftData, QueueData, RagData, SealData } from "./ops.ts";
import { barChart, timeline, type TimelineRow } from "./svg.ts";

function cronNote(j: CronData["jobs"][number]): { note: string; bad: boolean } {
  if (!j.enabled) return { note: "disabled", bad: false };
  const parts: string[] = [];
  if (j.consecutiveFailures) parts.push(`${j.consecutiveFailures} failing`);
  if (j.missedWhileDown) parts.push(`${j.missedWhileDown} missed`);
  if (j.silent) parts.push("silent");
  return parts.length ? { note: parts.join(", "), bad: true } : { note: j.scheduled ? "ok" : "not scheduled", bad: !j.scheduled };
}

export function renderCron(d: CronData): string {
  const runs = d.runs ?? [];
  const failedRuns = runs.filter((r) => r.status === "failed").length;
  const failing = d.jobs.filter((j) => j.consecutiveFailures > 0).length;
  const missed = d.jobs.reduce((a, j) => a + (j.enabled ? j.missedWhileDown ?? 0 : 0), 0);
  const silent = d.jobs.filter((j) => j.silent).length;
  const stats = `<div class="stats">` +
    stat("cron-jobs", "declared jobs", d.jobs.length) +
    stat("cron-enabled", "enabled", d.jobs.filter((j) => j.enabled).length) +
    stat("cron-runs", "runs in 24h", d.runs === null ? "–" : runs.length) +
    stat("cron-failed-runs", "failed runs in 24h", failedRuns, failedRuns ? "bad" : "good") +
    stat("cron-failing-jobs", "jobs failing now", failing, failing ? "bad" : "good") +
    stat("cron-missed", "runs missed while down (30 days)", missed, missed ? "warn" : "good") +
    stat("cron-silent", "silent jobs", silent, silent ? "bad" : "good") + `</div>`;
  const rows: TimelineRow[] = d.jobs.map((j) => {
    const n = cronNote(j);
    return {
      label: j.name, note: n.note, noteBad: n.bad,
      runs: runs.filter((r) => r.job === j.name && (r.status === "succeeded" || r.status === "failed")).map((r) => ({
        at: Date.parse(r.start), ok: r.status === "succeeded",
        tip: `${j.name} ${r.status} at ${r.start}${r.message ? `: ${r.message}` : ""}`,
      })),
    };
  });
  const chart = timeline("cron-timeline", rows, Date.parse(d.from), Date.parse(d.to), d.outages.map((o) => ({ from: Date.parse(o.from), to: Date.parse(o.to) })));
  const legend = `<p class="muted">last 24 hours, ${esc(when(d.from))} – ${esc(when(d.to))}: green succeeded, red failed, grey the server was down${d.runs === null ? "; pg_cron is not installed here, so no runs" : ""}</p>`;
  const table_ = table(["job", "state", "schedule", "last run", "last status", "failing", "missed", "last message"], d.jobs.map((j) => [
    `<code>${esc(j.name)}</code><br><span class="muted">${esc(j.kind)}</span>`,
    j.enabled ? badge(j.silent ? "silent" : j.active ? "enabled" : "inactive", j.silent || !j.active ? "bad" : "good") : badge("disabled", "plain"),
    `<code>${esc(j.schedule)}</code>${j.localTime ? `<br><span class="muted">${esc(j.localTime)}</span>` : ""}`,
    esc(when(j.lastRunAt)),
    j.lastStatus ? badge(j.lastStatus, j.lastStatus === "succeeded" ? "good" : "bad") : "–",
    esc(j.consecutiveFailures),
    esc(j.missedWhileDown ?? "–"),
    esc(j.lastMessage ?? ""),
  ]), "cron-jobs");
  return sectionBox("cron", "Cron job health", stats + legend + chart + table_);
}

export function renderQueues(d: QueueData): string {
  const stats = `<div class="stats">` + d.queues.map((q) =>
    stat(`queue-depth-${q.queue}`, `${q.queue} depth`, q.depth, q.depth ? "warn" : "good")).join("") + `</div>`;
  const chart = barChart("queue-depth", d.queues.map((q) => ({ label: q.queue, value: q.depth, note: `${q.due ?? "–"} due` })));
  const rows = d.queues.map((q) => [
    `<code>${esc(q.queue)}</code>`, esc(q.depth), esc(q.due ?? "–"), esc(age(q.oldestDueSeconds)),
    q.failures1h ? badge(String(q.failures1h), "bad") : "0", q.dead24h ? badge(String(q.dead24h), "bad") : esc(q.dead24h ?? "–"),
  ]);
  const byStatus = table(["queue", "status", "rows"], d.byStatus.map((s) => [`<code>${esc(s.queue)}</code>`, esc(s.status), esc(s.count)]), "queue-status");
  return sectionBox("queues", "Webhook queue and outbox",
    stats + chart + table(["queue", "depth", "due now", "oldest due", "failures (1h)", "dead (24h)"], rows, "queue-metrics") +
    `<h3>Rows by status</h3>` + byStatus);
}

export function renderDrift(d: DriftData): string {
  const stats = `<div class="stats">` + stat("drift-total", "differences", d.total, d.total ? "warn" : "good") +
    d.instances.map((i) => stat(`drift-${i.instance}`, `instance ${i.instance}`, i.count, i.count ? "warn" : "good")).join("") + `</div>`;
  const chart = d.instances.length ? barChart("drift-instances", d.instances.map((i) => ({ label: i.instance, value: i.count, color: "#b26a00" }))) : `<p class="empty">no active Odoo instance</p>`;
  const kinds = table(["instance", "kind", "differences"], d.kinds.map((k) => [esc(k.instance), esc(k.kind), esc(k.count)]), "drift-kinds");
  const rows = table(["instance", "entity", "kind", "external ref", "expected", "actual"], d.rows.map((r) =>
    [esc(r.instance), esc(r.entity), esc(r.kind), `<code>${esc(r.externalRef)}</code>`, esc(r.expected), esc(r.actual)]), "drift-rows");
  const more = d.total > d.rows.length ? `<p class="muted">the first ${d.rows.length} of ${d.total}: <code>ssot odoo drift</code> lists all</p>` : "";
  return sectionBox("drift", "Odoo drift per instance", stats + chart + kinds + `<details><summary>Differences</summary>${rows}${more}</details>`);
}

export function renderSeals(d: SealData): string {
  const stats = `<div class="stats">` +
    stat("seals-ok", "seal chain", d.ok ? "verifies" : "broken", d.ok ? "good" : "bad") +
    stat("seals-checked", "seals checked", d.sealsChecked) +
    stat("seals-recomputed", "seals re-hashed (last day)", d.sealsRecomputed) +
    stat("events", "events", d.events) + `</div>`;
  const lines = [
    d.ok ? "" : `<p class="unavailable">first broken seal ${esc(d.firstBrokenSeal)}: ${esc(d.problem)}</p>`,
    `<p>last seal: ${esc(when(d.lastSealAt, "none"))}. Every seal's link and hash is checked; the events of the seals made in the last day are re-hashed.</p>`,
    `<p>last full verification (<code>ops.check_event_seals</code>): ${d.lastFullCheck
      ? `${esc(when(d.lastFullCheck.at))} ${badge(d.lastFullCheck.status, d.lastFullCheck.status === "ok" ? "good" : "bad")} ${esc(d.lastFullCheck.problem ?? "")}`
      : "never"}</p>`,
  ];
  return sectionBox("seals", "Event log seal chain", stats + lines.join("\n"));
}

export function renderRag(d: RagData): string {
  const stats = `<div class="stats">` +
    stat("rag-documents", "documents", d.documents) + stat("rag-chunks", "chunks", d.chunks) +
    stat("rag-embedded", "chunks embedded", d.embedded) + stat("rag-tokens", "tokens", d.tokens) +
    stat("rag-bytes", "on disk", `${(d.bytes / 1048576).toFixed(1)} MiB`) + `</div>`;
  const chart = d.sources.length ? barChart("rag-sources", d.sources.map((s) => ({ label: s.source, value: s.documents }))) : "";
  return sectionBox("rag", "RAG corpus", stats + chart);
}
