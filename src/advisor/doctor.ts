// `ssot doctor`: the hardening checklist as advisor.run_checks() evaluates and records it, plus the
// advisor's lints; JUnit XML for CI. It fails (ok false, exit 1) on a failed Critical item or any
// lint at ERROR, the same things its JUnit report counts as failures of those kinds. Manual items
// are reported as manual (skipped in JUnit).
import type pg from "pg";
import { z } from "zod";
import { envOverrides } from "../secrets/credentials.ts";

export const findingSchema = z.object({
  /** null when the checklist was evaluated without recording a run (`ssot report`). */
  run_id: z.coerce.number().nullable(),
  check_id: z.string(),
  area: z.string(),
  item: z.string(),
  priority: z.enum(["Critical", "High", "Medium"]),
  status: z.enum(["pass", "fail", "warn", "manual"]),
  detail: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const lintSchema = z.object({
  name: z.string(),
  title: z.string(),
  level: z.enum(["ERROR", "WARN", "INFO"]),
  facing: z.enum(["EXTERNAL", "INTERNAL"]),
  categories: z.array(z.string()),
  description: z.string(),
  detail: z.string(),
  remediation: z.string(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  cache_key: z.string(),
});
export type Lint = z.infer<typeof lintSchema>;

export interface DoctorReport {
  ok: boolean;
  runId: number | null;
  failedCritical: number;
  /** Lints at level ERROR: each is a JUnit failure, and any one fails the doctor. */
  errorLints: number;
  counts: Record<Finding["status"], number>;
  findings: Finding[];
  lints: Lint[];
}

/**
 * The doctor's own lint about its environment: a credential variable set there overrides the vault
 * (its reads skip the access log, its value the rotation record). WARN, like the lints of the database.
 */
export function envOverrideLints(source: NodeJS.ProcessEnv = process.env): Lint[] {
  return envOverrides(source).map((x) => ({
    name: "credential_env_override",
    title: "Credential from the environment overrides the vault",
    level: "WARN",
    facing: "INTERNAL",
    categories: ["SECURITY"],
    description: "Detects API credentials the CLI takes from an environment variable instead of the vault's audited accessor.",
    detail: `${x.env} is set: ${x.usedBy} uses it instead of the vault secret ${x.secret}, so its reads are not in the access log and its rotation is not recorded.`,
    remediation: `printf %s "$${x.env}" | ssot secret set ${x.secret}, then unset ${x.env} where ${x.usedBy} runs.`,
    metadata: { env: x.env, secret: x.secret },
    cache_key: `credential_env_override_${x.env}`,
  }));
}

/**
 * The checklist and the lints. By default the checklist is evaluated and recorded as a new run
 * (advisor.run_checks()); with `record: false` it is evaluated without writing anything
 * (advisor.evaluate_checks(), the same evaluation), so it can run in a READ ONLY transaction.
 */
export async function runDoctor(c: pg.Client, source: NodeJS.ProcessEnv = process.env, opts: { record?: boolean } = {}): Promise<DoctorReport> {
  const fn = opts.record === false ? "advisor.evaluate_checks()" : "advisor.run_checks()";
  const has = await c.query(`select to_regprocedure($1) is not null as yes`, [fn]);
  if (!has.rows[0].yes) throw new Error(`${fn} is not installed in this database: run \`ssot migrate\` against it first`);
  const sql = opts.record === false ? `select null::bigint as run_id, e.* from advisor.evaluate_checks() e` : `select * from advisor.run_checks()`;
  const findings = z.array(findingSchema).parse((await c.query(sql)).rows);
  const lints = z.array(lintSchema).parse(
    (await c.query(`select * from advisor.lints() order by case level when 'ERROR' then 1 when 'WARN' then 2 else 3 end, name, cache_key`)).rows,
  );
  // the environment's warnings go last among the warnings, keeping the database's order
  const firstInfo = lints.findIndex((l) => l.level === "INFO");
  lints.splice(firstInfo === -1 ? lints.length : firstInfo, 0, ...envOverrideLints(source));
  const counts = { pass: 0, fail: 0, warn: 0, manual: 0 };
  for (const f of findings) counts[f.status]++;
  const failedCritical = findings.filter((f) => f.status === "fail" && f.priority === "Critical").length;
  const errorLints = lints.filter((l) => l.level === "ERROR").length;
  // ok exactly when the JUnit report has no failure of the kinds that stop CI: a Critical item or an ERROR lint
  return { ok: failedCritical === 0 && errorLints === 0, runId: findings[0]?.run_id ?? null, failedCritical, errorLints, counts, findings, lints };
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** JUnit XML: one testsuite per checklist area (plus one for lints), one testcase per item. */
export function toJunit(r: DoctorReport): string {
  const areas = [...new Set(r.findings.map((f) => f.area))];
  const suites = areas.map((area) => {
    const fs = r.findings.filter((f) => f.area === area);
    const cases = fs.map((f) => {
      const name = `${esc(f.item)} [${f.priority}]`;
      const body =
        f.status === "fail" ? `<failure message="${esc(f.detail)}" type="${f.priority}"/>`
        : f.status === "manual" ? `<skipped message="manual: ${esc(f.detail)}"/>`
        : f.status === "warn" ? `<system-out>warn: ${esc(f.detail)}</system-out>`
        : "";
      return `    <testcase classname="ssot.doctor.${esc(f.check_id)}" name="${name}">${body}</testcase>`;
    });
    const failures = fs.filter((f) => f.status === "fail").length;
    const skipped = fs.filter((f) => f.status === "manual").length;
    return `  <testsuite name="${esc(area)}" tests="${fs.length}" failures="${failures}" skipped="${skipped}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const lintCases = r.lints.map(
    (l) => `    <testcase classname="ssot.lint.${esc(l.name)}" name="${esc(l.title)}: ${esc(l.cache_key)}">` +
      (l.level === "ERROR" ? `<failure message="${esc(l.detail)}" type="ERROR">${esc(l.remediation)}</failure>` : `<system-out>${l.level}: ${esc(l.detail)}</system-out>`) +
      `</testcase>`,
  );
  const lintErrors = r.lints.filter((l) => l.level === "ERROR").length;
  suites.push(`  <testsuite name="lints" tests="${r.lints.length}" failures="${lintErrors}" skipped="0">\n${lintCases.join("\n")}\n  </testsuite>`);
  const failures = r.counts.fail + lintErrors;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ssot doctor" tests="${r.findings.length + r.lints.length}" failures="${failures}">\n${suites.join("\n")}\n</testsuites>\n`;
}
