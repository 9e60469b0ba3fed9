// HTML building blocks for `ssot report`. Every value from the database goes through esc() (text and
// attribute values alike); the page carries no script, and its Content-Security-Policy forbids any
// script and any network request, so an escaping slip would still not run or fetch anything.

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(v: unknown): string {
  return String(v ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A summary figure; `key` names it for readers and tests (data-stat). */
export function stat(key: string, label: string, value: number | string, tone: Tone = "plain"): string {
  return `<div class="stat ${tone}"><span class="value" data-stat="${esc(key)}">${esc(value)}</span><span class="label">${esc(label)}</span></div>`;
}

export type Tone = "plain" | "good" | "bad" | "warn";

export function badge(text: string, tone: Tone): string {
  return `<span class="badge ${tone}">${esc(text)}</span>`;
}

/** A table; cells are already-escaped HTML (build them with esc() or badge()). */
export function table(head: string[], rows: string[][], cls = ""): string {
  if (rows.length === 0) return `<p class="empty">none</p>`;
  const th = head.map((h) => `<th>${esc(h)}</th>`).join("");
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table class="${esc(cls)}"><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

export function sectionBox(id: string, title: string, body: string): string {
  return `<section id="${esc(id)}" data-section="${esc(id)}">\n<h2>${esc(title)}</h2>\n${body}\n</section>`;
}

export function unavailable(id: string, title: string, error: string): string {
  return sectionBox(id, title, `<p class="unavailable" data-unavailable="true">unavailable: ${esc(error)}</p>`);
}

/** An ISO time as `2026-12-01 15:41:04 UTC` (null: the fallback). */
export function when(iso: string | null, fallback = "never"): string {
  return iso ? iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC") : fallback;
}

/** Seconds as a short age: 42s, 7m, 3h 5m, 2d 4h. */
export function age(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "–";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

export const CSS = `
:root { --fg:#1d2330; --muted:#5d6677; --line:#d9dee7; --bg:#f6f7fa; --card:#fff;
  --good:#1f8a4c; --bad:#c62828; --warn:#b26a00; --info:#2f5fa7; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header { padding:20px 32px; background:#1d2330; color:#fff; }
header h1 { margin:0 0 4px; font-size:22px; }
header p { margin:0; color:#c3c9d6; }
nav { padding:8px 32px; background:#283042; }
nav a { color:#dfe4ee; margin-right:16px; text-decoration:none; }
main { padding:16px 32px 48px; max-width:1400px; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px 20px; margin:16px 0; }
h2 { margin:0 0 12px; font-size:18px; }
h3 { margin:16px 0 8px; font-size:15px; }
.stats { display:flex; flex-wrap:wrap; gap:12px; margin-bottom:12px; }
.stat { border:1px solid var(--line); border-radius:6px; padding:8px 14px; min-width:110px; }
.stat .value { display:block; font-size:22px; font-weight:600; }
.stat .label { color:var(--muted); font-size:12px; }
.stat.good .value { color:var(--good); } .stat.bad .value { color:var(--bad); } .stat.warn .value { color:var(--warn); }
table { border-collapse:collapse; width:100%; margin:8px 0; font-size:13px; }
th, td { text-align:left; border-bottom:1px solid var(--line); padding:5px 8px; vertical-align:top; }
th { background:#eef1f6; font-weight:600; }
td { overflow-wrap:anywhere; }
td:first-child, .badge, td code { white-space:nowrap; }
table.assertions td:nth-child(4), table.checklist-map td:nth-child(6) { min-width:280px; }
.badge { display:inline-block; border-radius:10px; padding:0 8px; font-size:12px; font-weight:600; color:#fff; background:var(--muted); }
.badge.good { background:var(--good); } .badge.bad { background:var(--bad); } .badge.warn { background:var(--warn); }
.muted, .empty { color:var(--muted); }
.unavailable { color:var(--bad); }
details { margin:6px 0; } summary { cursor:pointer; }
svg text { font:11px system-ui, sans-serif; fill:var(--fg); }
code { background:#eef1f6; padding:0 3px; border-radius:3px; }
`;
