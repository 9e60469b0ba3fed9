// Isolation specs (db/tests/isolation/specs/<name>.spec, expected output in expected/<name>.out),
// run by PostgreSQL's own isolation tester: pg_isolation_regress drives isolationtester, which
// interleaves the steps of several sessions in the order a permutation names and reports a step
// that blocks (`<waiting ...>`), so a race is written down instead of timed. Each spec runs with
// `--use-existing` on a database of its own, cloned from the migrated template, dropped after.
// A spec counts as one test; a failing one prints its diff.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { dbDir } from "../cluster/paths.ts";
import { createTestDatabase, type TestEnv } from "./cluster.ts";

export const ISOLATION_DIR = path.join(dbDir, "tests", "isolation");

export interface IsolationTally {
  passed: number;
  failed: number;
}

/** pg_isolation_regress of the server development package, beside the server's binaries. */
export function isolationRegressBin(pgBin: string): string {
  return path.resolve(pgBin, "../lib/pgxs/src/test/isolation/pg_isolation_regress");
}

/** The spec files (full paths) whose path contains one of the filters (all when none). */
export function isolationSpecs(filter: string[], dir = ISOLATION_DIR): string[] {
  const specs = path.join(dir, "specs");
  const all = fs.existsSync(specs) ? fs.readdirSync(specs).filter((f) => f.endsWith(".spec")).sort().map((f) => path.join(specs, f)) : [];
  return filter.length ? all.filter((f) => filter.some((x) => f.includes(x))) : all;
}

/**
 * Runs each spec on its own clone of the template as the test cluster's superuser. `outDir` receives
 * pg_isolation_regress's results and diffs (one folder per spec); `log` gets its output.
 */
export async function runIsolationSpecs(
  t: TestEnv, specs: string[], outDir: string, log: (text: string) => void, dir = ISOLATION_DIR,
): Promise<IsolationTally> {
  const tally = { passed: 0, failed: 0 };
  if (specs.length === 0) return tally;
  const bin = isolationRegressBin(t.pgBin);
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: it comes with postgresql-server-dev-15 (run scripts/provision.sh)`);
  const root = new URL(t.rootUrl);
  for (const spec of specs) {
    const name = path.basename(spec, ".spec");
    const out = path.join(outDir, name);
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    const db = await createTestDatabase("iso", t);
    try {
      const r = spawnSync(
        bin,
        ["--use-existing", `--host=${root.hostname}`, `--port=${root.port}`, `--user=${decodeURIComponent(root.username)}`, `--dbname=${db.name}`,
          `--inputdir=${dir}`, `--outputdir=${out}`, name],
        { encoding: "utf8", timeout: 600_000, env: { ...process.env, PGPASSWORD: decodeURIComponent(root.password), PGSSLMODE: "disable" } },
      );
      log((r.stdout ?? "") + (r.stderr ?? ""));
      if (r.error) throw new Error(`pg_isolation_regress (${name}): ${r.error.message}`);
      if (r.status === 0) tally.passed++;
      else {
        tally.failed++;
        const diffs = path.join(out, "regression.diffs");
        log(fs.existsSync(diffs) ? fs.readFileSync(diffs, "utf8") : `pg_isolation_regress exited ${r.status} for ${name} and wrote no diff\n`);
      }
    } finally {
      await db.drop();
    }
  }
  return tally;
}
