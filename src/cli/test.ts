// `ssot test` (npm test): provision if needed, prepare the test cluster and its template, run
// pg_prove over db/tests and vitest over tests/, and end with one line `tests: N passed, N failed`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { projectRoot, stateHome } from "../cluster/paths.ts";
import { prepareTestCluster, testEnvToProcessEnv, type TestEnv } from "../testing/cluster.ts";
import { env } from "./context.ts";
import { bold, green, info, red, UserError } from "./out.ts";
import { ensureProvisioned } from "./provision.ts";

interface Tally {
  passed: number;
  failed: number;
}

function pgTapFiles(filter: string[]): string[] {
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

function runPgProve(files: string[], urlEnv: Record<string, string>, cronUrl: string): Tally {
  if (files.length === 0) return { passed: 0, failed: 0 };
  const u = new URL(cronUrl);
  const r = spawnSync(
    "pg_prove",
    ["--ext", ".sql", "-h", u.hostname, "-p", u.port, "-U", decodeURIComponent(u.username), "-d", u.pathname.slice(1), "--timer", ...files],
    { cwd: projectRoot, encoding: "utf8", env: { ...process.env, ...urlEnv, PGPASSWORD: decodeURIComponent(u.password) } },
  );
  process.stdout.write(r.stdout ?? "");
  process.stderr.write(r.stderr ?? "");
  return parseProveOutput((r.stdout ?? "") + (r.stderr ?? ""), r.status);
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
    .description("run pgTAP (db/tests) and vitest (tests/) against a fresh test cluster; ends with `tests: N passed, N failed`")
    .argument("[filter...]", "only files whose path contains one of these")
    .option("--watch", "vitest in watch mode (pgTAP is skipped)")
    .option("--only <part>", "pgtap or vitest")
    .action(async (filter: string[], opts) => {
      let t: TestEnv;
      try {
        env();
        ensureProvisioned();
        t = await prepareTestCluster();
      } catch (e) {
        // no test ran: still one error line, then the summary line, and a non-zero exit (2 for configuration)
        process.stderr.write(red(`ssot: ${(e as Error).message}`) + "\n");
        summarise(0, 1);
        if (e instanceof UserError) process.exitCode = e.exitCode;
        return;
      }
      const urlEnv = testEnvToProcessEnv(t);
      const pgFilter = filter.filter((f) => !f.endsWith(".ts"));
      const vtFilter = filter.filter((f) => !f.endsWith(".sql"));
      const runTap = !opts.watch && opts.only !== "vitest" && !(filter.length && pgFilter.length === 0);
      const runVt = opts.only !== "pgtap" && !(filter.length && vtFilter.length === 0);
      const tap = runTap ? runPgProve(pgTapFiles(pgFilter), urlEnv, t.cronUrl) : { passed: 0, failed: 0 };
      const vt = runVt ? runVitest(vtFilter, urlEnv, !!opts.watch) : { passed: 0, failed: 0 };
      const passed = tap.passed + vt.passed;
      const failed = tap.failed + vt.failed;
      info(bold(`pgTAP: ${tap.passed} passed, ${tap.failed} failed · vitest: ${vt.passed} passed, ${vt.failed} failed`));
      summarise(passed, failed);
    });
}
