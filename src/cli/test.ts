// `ssot test` (npm test): provision if needed, prepare the test cluster and its template, run
// pg_prove over db/tests, the isolation specs of db/tests/isolation (pg_isolation_regress) and
// vitest over tests/, and end with one line `tests: N passed, N failed`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Option, type Command } from "commander";
import { projectRoot, stateHome } from "../cluster/paths.ts";
import { databaseUrlOption } from "../config/env.ts";
import { redact } from "../db/client.ts";
import { prepareTestCluster, testEnvToProcessEnv } from "../testrun/cluster.ts";
import { isolationSpecs, runIsolationSpecs } from "../testrun/isolation.ts";
import { prepareSuiteTarget } from "../testrun/pgtap.ts";
import { prepareSupabaseProfile, supabaseProfileToProcessEnv, type SupabaseProfile } from "../testrun/supabase.ts";
import { env } from "./context.ts";
import { errorLine, exitCodeFor } from "./errors.ts";
import { bold, dim, green, info, red, UserError, warn } from "./out.ts";
import { ensureProvisioned } from "./provision.ts";

interface Tally {
  passed: number;
  failed: number;
}

export function pgTapFiles(filter: string[]): string[] {
  const dir = path.join(projectRoot, "db/tests");
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name.startsWith("_") ? [] : walk(path.join(d, e.name))) : e.name.endsWith(".sql") ? [path.join(d, e.name)] : [],
    );
  const all = fs.existsSync(dir) ? walk(dir).sort() : [];
  return filter.length ? all.filter((f) => filter.some((x) => f.includes(x))) : all;
}

/**
 * Counts from pg_prove's output. The total is `Tests=N` (tests that ran); each file in the summary
 * report adds its failed tests, plus the tests its plan announced but never ran, and at least one
 * when it died: a broken file can never pass silently.
 */
export function parseProveOutput(out: string, status: number | null): Tally {
  let ran = Number(/Tests=(\d+)/.exec(out)?.[1] ?? 0);
  let failed = 0;
  const summary = out.slice(out.indexOf("Test Summary Report") >= 0 ? out.indexOf("Test Summary Report") : out.length);
  const blocks = summary.split(/\n(?=\S.*\(Wstat: )/).filter((b) => /\(Wstat: /.test(b));
  for (const b of blocks) {
    const f = Number(/Failed: (\d+)\)/.exec(b)?.[1] ?? 0);
    const plan = /You planned (\d+) tests? but ran (\d+)/.exec(b);
    const missing = plan ? Math.max(0, Number(plan[1]) - Number(plan[2])) : 0;
    failed += Math.max(1, f + missing);
    ran += missing;
  }
  if (status !== 0 && failed === 0) failed = 1;
  return { passed: Math.max(0, ran - failed), failed };
}

function runPgProve(files: string[], url: string): Tally {
  if (files.length === 0) return { passed: 0, failed: 0 };
  const u = new URL(url);
  const r = spawnSync(
    "pg_prove",
    ["--ext", ".sql", "-h", u.hostname, "-p", u.port || "5432", "-U", decodeURIComponent(u.username), "-d", decodeURIComponent(u.pathname.slice(1)), "--timer", ...files],
    { cwd: projectRoot, encoding: "utf8", env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password), PGSSLMODE: u.searchParams.get("sslmode") ?? process.env.PGSSLMODE ?? "prefer" } },
  );
  process.stdout.write(r.stdout ?? "");
  process.stderr.write(r.stderr ?? "");
  if (r.error) throw new UserError(`pg_prove: ${r.error.message} (run scripts/provision.sh, which installs it)`);
  return parseProveOutput((r.stdout ?? "") + (r.stderr ?? ""), r.status);
}

/**
 * The pgTAP suite against a database that exists already, as the connecting role (what
 * `supabase test db` is for a Supabase project): files that cannot apply there are listed with
 * the reason, never dropped silently; every file runs in its own transaction and rolls back.
 */
async function runSuiteOn(url: string, filter: string[], label: string): Promise<Tally> {
  const files = pgTapFiles(filter);
  const { runnable, skipped, cleanup } = await prepareSuiteTarget(url, files);
  try {
    for (const s of skipped) info(dim(`${label}: not run here: ${path.relative(projectRoot, s.file)}: ${s.reason}`));
    info(bold(`${label}: pgTAP as ${decodeURIComponent(new URL(url).username)} on ${redact(url)}`));
    return runPgProve(runnable, url);
  } finally {
    await cleanup();
  }
}

function runVitest(filter: string[], urlEnv: Record<string, string>, watch: boolean): Tally {
  const report = path.join(stateHome(env().SSOT_HOME), "vitest.json");
  fs.rmSync(report, { force: true });
  const args = watch ? ["vitest", ...filter] : ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...filter];
  const r = spawnSync("npx", args, { cwd: projectRoot, stdio: "inherit", env: { ...process.env, ...urlEnv } });
  if (watch) return { passed: 0, failed: r.status === 0 ? 0 : 1 };
  if (!fs.existsSync(report)) return { passed: 0, failed: 1 };
  const j = JSON.parse(fs.readFileSync(report, "utf8"));
  // suites that failed to load (syntax error, failing hook) have no tests but must not pass silently
  const brokenSuites = (j.testResults as Array<{ status: string; assertionResults: unknown[] }>).filter(
    (s) => s.status === "failed" && s.assertionResults.length === 0,
  ).length;
  const failed = (j.numFailedTests as number) + brokenSuites + (r.status !== 0 && j.numFailedTests === 0 && brokenSuites === 0 ? 1 : 0);
  return { passed: j.numPassedTests as number, failed };
}

/** The last line of every run, whatever happened before it. */
function summarise(passed: number, failed: number) {
  const line = `tests: ${passed} passed, ${failed} failed`;
  info(failed ? red(line) : green(line));
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

export function registerTest(program: Command) {
  program
    .command("test")
    .description("run pgTAP (db/tests), the isolation specs (db/tests/isolation) and vitest (tests/) on the test clusters (embedded, and Supabase-shaped as its non-superuser postgres), or pgTAP alone against --database-url; ends with `tests: N passed, N failed`")
    .argument("[filter...]", "only files whose path contains one of these")
    .option("--watch", "vitest in watch mode (pgTAP is skipped)")
    .addOption(new Option("--only <part>", "pgtap or vitest").choices(["pgtap", "vitest"]))
    .option("--database-url <url>", "run the pgTAP suite against this database (migrated and seeded) as the role it connects as")
    .action(async (filter: string[], opts) => {
      const tallies: Tally[] = [];
      const parts: string[] = [];
      const add = (name: string, t: Tally) => {
        tallies.push(t);
        parts.push(`${name}: ${t.passed} passed, ${t.failed} failed`);
      };
      let exitCode: number | undefined;
      try {
        const e = env();
        ensureProvisioned();
        if (opts.databaseUrl) {
          databaseUrlOption(opts.databaseUrl);
          add("pgTAP", await runSuiteOn(opts.databaseUrl, filter.filter((f) => !f.endsWith(".ts")), "database"));
          return;
        }
        // a filter naming a file type or a top folder (db/…, tests/…) selects that side only
        const pgFilter = filter.filter((f) => !f.endsWith(".ts") && !f.startsWith("tests/"));
        const vtFilter = filter.filter((f) => !f.endsWith(".sql") && !f.startsWith("db/"));
        const runTap = !opts.watch && opts.only !== "vitest" && !(filter.length && pgFilter.length === 0);
        const runVt = opts.only !== "pgtap" && !(filter.length && vtFilter.length === 0);
        const t = await prepareTestCluster();
        const urlEnv = testEnvToProcessEnv(t);
        // the Supabase profile: built when its pgTAP run or vitest needs it
        let supa: SupabaseProfile | undefined;
        try {
          supa = await prepareSupabaseProfile(e);
          Object.assign(urlEnv, supabaseProfileToProcessEnv(supa));
        } catch (err) {
          warn(`ssot test: the Supabase profile could not be prepared: ${(err as Error).message}`);
          add("Supabase profile (migrate, seed as postgres)", { passed: 0, failed: 1 });
        }
        if (runTap) {
          add("pgTAP (embedded)", await runSuiteOn(t.cronUrl, pgFilter, "embedded"));
          const specs = isolationSpecs(pgFilter);
          if (specs.length) {
            info(bold(`isolation: ${specs.length} spec${specs.length === 1 ? "" : "s"} by pg_isolation_regress, each on a clone of the template`));
            const out = path.join(stateHome(e.SSOT_HOME), "isolation");
            add("isolation (embedded)", await runIsolationSpecs(t, specs, out, (text) => process.stdout.write(text)));
          }
          if (supa) add("pgTAP (Supabase profile, as postgres)", await runSuiteOn(supa.url, pgFilter, "Supabase profile"));
        }
        if (runVt) add("vitest", runVitest(vtFilter, urlEnv, !!opts.watch));
      } catch (err) {
        // no test, or not every test, ran: still one error line, then the summary line, and the
        // exit code of the error's class (README.md, "Exit codes")
        process.stderr.write(red(`ssot: ${errorLine(err)}`) + "\n");
        add("setup", { passed: 0, failed: 1 });
        exitCode = exitCodeFor(err);
      } finally {
        if (parts.length) info(bold(parts.join(" · ")));
        summarise(tallies.reduce((a, t) => a + t.passed, 0), tallies.reduce((a, t) => a + t.failed, 0));
        if (exitCode !== undefined) process.exitCode = exitCode;
      }
    });
}
