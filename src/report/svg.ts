// Inline SVG charts for `ssot report`, drawn here (no charting library): horizontal bars and the
// cron timeline. Labels and tooltips (<title>) go through esc().
import { esc } from "./html.ts";

export interface Bar { label: string; value: number; color?: string; note?: string }

/** Horizontal bars, one per row, scaled to the largest value (a zero max draws empty bars). */
export function barChart(id: string, bars: Bar[], width = 640): string {
  const rowH = 24, labelW = 200, valueW = 60;
  const h = Math.max(1, bars.length) * rowH + 8;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const plotW = width - labelW - valueW;
  const rows = bars.map((b, i) => {
    const y = 4 + i * rowH;
    const w = max > 0 ? Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * plotW)) : 0;
    const tip = `${b.label}: ${b.value}${b.note ? ` (${b.note})` : ""}`;
    return `<g data-bar="${esc(b.label)}" data-value="${b.value}"><title>${esc(tip)}</title>` +
      `<text x="0" y="${y + 15}">${esc(b.label)}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" rx="3" fill="${b.color ?? "#2f5fa7"}"/>` +
      `<text x="${labelW + w + 6}" y="${y + 15}">${esc(b.value)}</text></g>`;
  });
  return `<svg id="${esc(id)}" class="chart" role="img" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" xmlns="http://www.w3.org/2000/svg">${rows.join("")}</svg>`;
}

export interface TimelineRow {
  label: string;
  runs: { at: number; ok: boolean; tip: string }[];
  /** a note drawn right of the row, e.g. "3 missed" */
  note: string;
  noteBad: boolean;
}

const STATUS_COLOR = { ok: "#1f8a4c", bad: "#c62828" };

function axis(from: number, to: number, x0: number, plotW: number, h: number): string {
  const ticks: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const t = from + ((to - from) * i) / 4;
    const x = x0 + (plotW * i) / 4;
    const label = new Date(t).toISOString().slice(11, 16) + " UTC";
    ticks.push(`<line x1="${x}" y1="18" x2="${x}" y2="${h}" stroke="#e3e7ee"/><text x="${x - 22}" y="12">${esc(label)}</text>`);
  }
  return ticks.join("");
}

/**
 * One row per job over [from, to] (epoch ms): a tick per run (green succeeded, red failed), grey
 * bands where the server was down (runs missed), and the row's note on the right.
 */
export function timeline(id: string, rows: TimelineRow[], from: number, to: number, outages: { from: number; to: number }[], width = 1000): string {
  const labelW = 230, noteW = 150, rowH = 22, top = 20;
  const plotW = width - labelW - noteW;
  const h = top + Math.max(1, rows.length) * rowH + 4;
  const x = (t: number) => labelW + Math.max(0, Math.min(1, (t - from) / Math.max(1, to - from))) * plotW;
  const bands = outages.map((o) =>
    `<rect class="outage" x="${x(o.from)}" y="${top}" width="${Math.max(2, x(o.to) - x(o.from))}" height="${h - top}" fill="#9aa3b2" opacity="0.35"><title>${esc(`server down ${new Date(o.from).toISOString()} – ${new Date(o.to).toISOString()}`)}</title></rect>`);
  const lines = rows.map((r, i) => {
    const y = top + i * rowH;
    const ticks = r.runs.map((run) =>
      `<rect class="run ${run.ok ? "ok" : "failed"}" x="${x(run.at) - 1.5}" y="${y + 4}" width="3" height="${rowH - 8}" fill="${run.ok ? STATUS_COLOR.ok : STATUS_COLOR.bad}"><title>${esc(run.tip)}</title></rect>`);
    return `<g data-job="${esc(r.label)}"><line x1="${labelW}" y1="${y + rowH / 2}" x2="${labelW + plotW}" y2="${y + rowH / 2}" stroke="#d9dee7"/>` +
      `<text x="0" y="${y + 15}">${esc(r.label)}</text>${ticks.join("")}` +
      `<text x="${labelW + plotW + 8}" y="${y + 15}" fill="${r.noteBad ? STATUS_COLOR.bad : "#5d6677"}">${esc(r.note)}</text></g>`;
  });
  return `<svg id="${esc(id)}" class="chart" role="img" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" xmlns="http://www.w3.org/2000/svg">` +
    axis(from, to, labelW, plotW, h) + bands.join("") + lines.join("") + `</svg>`;
}
