// `ssot check` (the doctrine assertions, for CI) and `ssot doctor` (the hardening checklist and
// lints). Both take --database-url to point at any database, e.g. a Supabase project.
import fs from "node:fs";
import type { Command } from "commander";
import type pg from "pg";
import { runDoctrineChecks, NotInstalledError } from "../advisor/check.ts";
import { checkGeneratedTypes, type TypesCheck } from "../typegen/compare.ts";
import { TypegenNotInstalledError } from "../typegen/generate.ts";
import { runDoctor, toJunit, type DoctorReport } from "../advisor/doctor.ts";
import { databaseUrlOption } from "../config/env.ts";
import { ConnectError, redact, withClient } from "../db/client.ts";
import { currentTarget } from "./context.ts";
import { bold, dim, EXIT, green, info, red, UserError, yellow } from "./out.ts";

function targetUrl(opt?: string): string {
  return opt === undefined ? currentTarget().databaseUrl : databaseUrlOption(opt);
}

async function connect<T>(url: string, fn: Parameters<typeof withClient<T>>[1], given: boolean): Promise<T> {
  try {
    return await withClient(url, fn, "ssot check");
  } catch (e) {
    if (e instanceof NotInstalledError || e instanceof TypegenNotInstalledError) throw new UserError(`${redact(url)}: ${e.message}`);
    if (e instanceof ConnectError && !given) throw new UserError(`${e.message} (start the local cluster with \`npx ssot up\`, or pass --database-url)`, EXIT.unreachable);
    throw e;
  }
}

/** The doctrine assertions and, at the same time (the generator is a child process), the committed generated types (typegen/compare.ts). */
async function runChecks(c: pg.Client, url: string) {
  // the types' query goes first on the connection, so that the generator runs while the assertions do
  const [types, doctrine] = await Promise.allSettled([checkGeneratedTypes(c, url), runDoctrineChecks(c)]);
  // the doctrine's refusal (no ssot in this database, say) is the one to report when both fail
  if (doctrine.status === "rejected") throw doctrine.reason;
  if (types.status === "rejected") throw types.reason;
  return { failures: [...doctrine.value, ...types.value.failures], types: types.value };
}

/** Says whether the generated types were compared: only a project that has the file is. */
function typesLine(t: TypesCheck): string {
  if (t.status === "absent") return `types: no ${t.file} in ${process.cwd()}, not compared (npx ssot gen types writes it)`;
  return `types: ${t.file} ${t.status === "fresh" ? "matches" : "is stale against"} the exposed schemas (${t.schemas.join(", ")})`;
}

const mark = { pass: green("pass  "), fail: red("FAIL  "), warn: yellow("warn  "), manual: dim("manual") };

const statusOrder = { fail: 0, warn: 1, pass: 2, manual: 3 } as const;
const priorityOrder: Record<string, number> = { Critical: 0, High: 1, Medium: 2, Low: 3 };

/** What needs attention first: failures, then warnings, then passes, by priority; manual items last, listed only with --manual. */
function printDoctor(r: DoctorReport, opts: { manual?: boolean } = {}) {
  const shown = r.findings
    .filter((f) => opts.manual || f.status !== "manual")
    .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || (priorityOrder[a.priority] ?? 9) - (priorityOrder[b.priority] ?? 9) || a.area.localeCompare(b.area));
  for (const f of shown) {
    info(`  ${mark[f.status]} ${f.priority.padEnd(8)} ${f.item} ${dim(`(${f.area})`)}`);
    if (f.status !== "pass") info(dim(`           ${f.detail}`));
  }
  const manual = r.findings.filter((f) => f.status === "manual");
  if (!opts.manual && manual.length) {
    const critical = manual.filter((f) => f.priority === "Critical").length;
    info(dim(`  ${manual.length} items a person must verify (${critical} Critical), outside the database: npx ssot doctor --manual lists them with what to check`));
  }
  const byLevel = (l: string) => r.lints.filter((x) => x.level === l).length;
  info("");
  info(bold("lints") + `  ${byLevel("ERROR")} error, ${byLevel("WARN")} warn, ${byLevel("INFO")} info`);
  for (const l of r.lints.filter((x) => x.level !== "INFO")) info(`  ${l.level === "ERROR" ? red(l.level) : yellow(l.level)} ${l.name}: ${l.detail}`);
  info("");
  const c = r.counts;
  const line = `checklist: ${c.pass} pass, ${c.fail} fail, ${c.warn} warn, ${c.manual} manual; ${r.failedCritical} Critical failed; ${r.errorLints} lint${r.errorLints === 1 ? "" : "s"} at ERROR`;
  info(r.ok ? green(line) : red(line));
}

export function registerAdvisor(program: Command) {
  program
    .command("check")
    .description("run the doctrine assertions (RLS, policies, exposure, definer functions, append-only log) against a database; exit 1 on any failure")
    .option("--database-url <url>", "the database to check (default: DATABASE_URL or the embedded dev database)")
    .option("--json", "print the result as JSON")
    .action(async (opts: { databaseUrl?: string; json?: boolean }) => {
      const url = targetUrl(opts.databaseUrl);
      const { failures, types } = await connect(url, (c) => runChecks(c, url), opts.databaseUrl !== undefined);
      if (opts.json) info(JSON.stringify({ ok: failures.length === 0, database: redact(url), failures, types: { file: types.file, status: types.status } }, null, 2));
      else if (failures.length === 0) {
        info(dim(typesLine(types)));
        info(green(`ssot check: the doctrine holds (${redact(url)})`));
      } else {
        for (const f of failures) {
          info(`${red("FAIL")} ${f.check_name}  ${bold(f.object)}: ${f.problem}`);
          info(dim(`     fix: ${f.fix}`));
        }
        if (types.status !== "stale") info(dim(typesLine(types)));
        info(red(`ssot check: ${failures.length} failure${failures.length === 1 ? "" : "s"}`));
      }
      process.exitCode = failures.length === 0 ? 0 : 1;
    });

  program
    .command("doctor")
    .description("evaluate the hardening checklist (advisor.run_checks) and the lints; exit 1 when a Critical item fails or a lint is at ERROR")
    .option("--database-url <url>", "the database to examine (default: DATABASE_URL or the embedded dev database)")
    .option("--json", "print the report as JSON")
    .option("--junit <file>", "also write a JUnit XML report to this file")
    .option("--manual", "also list the items a person must verify outside the database, with what to check")
    .action(async (opts: { databaseUrl?: string; json?: boolean; junit?: string; manual?: boolean }) => {
      const url = targetUrl(opts.databaseUrl);
      const report = await connect(url, runDoctor, opts.databaseUrl !== undefined);
      if (opts.junit) {
        try {
          fs.writeFileSync(opts.junit, toJunit(report));
        } catch (e) {
          throw new UserError(`--junit ${opts.junit}: cannot write the report: ${(e as Error).message}`, EXIT.usage);
        }
      }
      if (opts.json) info(JSON.stringify(report, null, 2));
      else printDoctor(report, { manual: !!opts.manual });
      process.exitCode = report.ok ? 0 : 1;
    });
}
