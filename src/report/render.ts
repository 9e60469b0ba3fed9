// `ssot report`: the page. One self-contained HTML file: inline CSS and SVG, no script, and a
// Content-Security-Policy that forbids scripts and every network request.
import type { ReportData, Section } from "./collect.ts";
import { CSS, esc, unavailable, when } from "./html.ts";
import { renderDoctor, renderDoctrine } from "./render-doctor.ts";
import { renderCron, renderDrift, renderQueues, renderRag, renderSeals } from "./render-ops.ts";

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const SECTIONS = [
  ["doctor", "Doctor"], ["doctrine", "Doctrine map"], ["cron", "Cron"], ["queues", "Queues"],
  ["drift", "Odoo drift"], ["seals", "Seal chain"], ["rag", "RAG"],
] as const;

function part<T>(id: string, title: string, s: Section<T>, render: (d: T) => string): string {
  return s.ok ? render(s.data) : unavailable(id, title, s.error);
}

export function renderReport(r: ReportData): string {
  const body = [
    part("doctor", "Doctor: hardening checklist and lints", r.doctor, renderDoctor),
    part("doctrine", "Doctrine map", r.doctrine, renderDoctrine),
    part("cron", "Cron job health", r.cron, renderCron),
    part("queues", "Webhook queue and outbox", r.queues, renderQueues),
    part("drift", "Odoo drift per instance", r.drift, renderDrift),
    part("seals", "Event log seal chain", r.seals, renderSeals),
    part("rag", "RAG corpus", r.rag, renderRag),
  ].join("\n");
  const nav = SECTIONS.map(([id, t]) => `<a href="#${id}">${esc(t)}</a>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ssot report: ${esc(r.database)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>ssot report</h1><p>${esc(r.database)} · ${esc(r.server)} · ${esc(when(r.generatedAt))}</p></header>
<nav>${nav}</nav>
<main>
${body}
</main>
</body>
</html>
`;
}
