// `ssot report`: one self-contained HTML page of a database's state (doctor and lints, the doctrine
// map, cron health, queues, Odoo drift, the seal chain, the RAG corpus), read in a READ ONLY
// transaction. The work is in src/report/ (collect.ts reads, render.ts draws).
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { databaseUrlOption } from "../config/env.ts";
import { ConnectError, redact, withClient } from "../db/client.ts";
import { collectReport, type ReportData } from "../report/collect.ts";
import { renderReport } from "../report/render.ts";
import { readerUrl } from "./context.ts";
import { EXIT, green, info, UserError, yellow } from "./out.ts";

export const DEFAULT_REPORT = path.join(".ssot", "report.html");

const SECTION_KEYS = ["doctor", "doctrine", "cron", "queues", "drift", "seals", "rag"] as const;

async function readReport(url: string, given: boolean): Promise<ReportData> {
  try {
    return await withClient(url, async (c) => {
      const has = await c.query(`select pg_catalog.to_regnamespace('advisor') is not null and pg_catalog.to_regnamespace('ops') is not null as yes`);
      if (!has.rows[0].yes) throw new UserError(`${redact(url)}: the database has no ssot schema: run \`ssot migrate\` against it first`);
      return collectReport(c, redact(url));
    }, "ssot report");
  } catch (e) {
    if (e instanceof ConnectError && !given) throw new UserError(`${e.message} (start the local cluster with \`npx ssot up\`, or pass --database-url)`, EXIT.unreachable);
    throw e;
  }
}

function writeReport(file: string, html: string) {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, html);
  } catch (e) {
    throw new UserError(`--out ${file}: cannot write the report: ${(e as Error).message}`, EXIT.usage);
  }
}

async function reportAction(opts: { databaseUrl?: string; out?: string }) {
  // a report only reads: by default from READ_DATABASE_URL (a replica) when set
  const reader = opts.databaseUrl === undefined ? readerUrl() : { url: databaseUrlOption(opts.databaseUrl), replica: false };
  const url = reader.url;
  const out = opts.out ?? DEFAULT_REPORT;
  if (out.trim() === "") throw new UserError("--out needs a file name", EXIT.usage);
  const data = await readReport(url, opts.databaseUrl !== undefined || reader.replica);
  writeReport(out, renderReport(data));
  const missing = SECTION_KEYS.filter((k) => !data[k].ok);
  const doctor = data.doctor.ok ? (data.doctor.data.ok ? "doctor ok" : "doctor failing") : "doctor unavailable";
  const from = reader.replica ? "; read from READ_DATABASE_URL" : "";
  const line = `ssot report: wrote ${out} (${doctor}${missing.length ? `; unavailable: ${missing.join(", ")}` : ""}${from})`;
  info(missing.length ? yellow(line) : green(line));
}

export function registerReport(program: Command) {
  program
    .command("report")
    .description("write one self-contained HTML page of a database's state (doctor, doctrine map, cron, queues, Odoo drift, seal chain, RAG); read-only")
    .option("--database-url <url>", "the database to report on (default: READ_DATABASE_URL, else DATABASE_URL or the embedded dev database)")
    .option("--out <file>", `the HTML file to write (default: ${DEFAULT_REPORT})`)
    .action(reportAction);
}
