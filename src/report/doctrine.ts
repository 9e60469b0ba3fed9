// The doctrine map: every rule the database enforces, how, and its result now. Three kinds:
// - the assertions of `ssot check` (advisor.assert_doctrine()): the rules are read from the live
//   function's own source (each `-- N. …` comment and the check names its `select`s emit), so the
//   map follows the database's version of the function; the result is its violations now;
// - the hardening checklist items the database evaluates (advisor.checks with an evaluator), with the
//   result of the evaluation the doctor section shows and the last recorded run (advisor.runs);
// - the items a person must verify (evaluation manual), with what to check.
import type pg from "pg";
import { runDoctrineChecks, type Violation } from "../advisor/check.ts";
import type { DoctorReport } from "../advisor/doctor.ts";

export interface AssertionRule {
  name: string;
  description: string;
  violations: Violation[];
}

export interface ChecklistRule {
  id: string;
  area: string;
  item: string;
  priority: string;
  evaluation: string;
  how: string;
  evaluator: string | null;
  status: string | null;
  detail: string | null;
  lastStatus: string | null;
  lastRunAt: string | null;
}

export interface DoctrineData {
  assertions: AssertionRule[];
  checklist: ChecklistRule[];
}

/** The rules of advisor.assert_doctrine() in its source order, each with the comment above it. */
export function parseAssertions(source: string): { name: string; description: string }[] {
  const rules: { name: string; description: string }[] = [];
  let comment: string[] = [];
  let fresh = false;
  for (const raw of source.split("\n")) {
    const line = raw.trim();
    const c = /^--\s*(.*)$/.exec(line);
    if (c) {
      if (!fresh) comment = [];
      comment.push((c[1] ?? "").replace(/^\d+\.\s*/, "").replace(/^…\s*/, ""));
      fresh = true;
      continue;
    }
    // `select 'name', …` or `select case when … then 'name' else 'other' end, …`
    const s = /^select\s+(?:distinct\s+)?'([a-z_]+)'/.exec(line);
    const names = s?.[1] ? [s[1]] : /^select\s+case\b/.test(line) ? [...line.matchAll(/\b(?:then|else)\s+'([a-z_]+)'/g)].map((m) => m[1] ?? "") : [];
    for (const name of names) {
      if (name && !rules.some((r) => r.name === name)) rules.push({ name, description: comment.join(" ").trim() });
    }
    if (line !== "") fresh = false;
  }
  return rules;
}

async function assertionRules(c: pg.Client): Promise<AssertionRule[]> {
  const violations = await runDoctrineChecks(c);
  const src = await c.query(`select p.prosrc from pg_catalog.pg_proc p where p.oid = pg_catalog.to_regprocedure('advisor.assert_doctrine()')`);
  const rules: AssertionRule[] = parseAssertions(String(src.rows[0]?.prosrc ?? "")).map((r) => ({ ...r, violations: [] }));
  for (const v of violations) {
    let rule = rules.find((r) => r.name === v.check_name);
    if (!rule) rules.push((rule = { name: v.check_name, description: "", violations: [] }));
    rule.violations.push(v);
  }
  return rules;
}

async function checklistRules(c: pg.Client, doctor: DoctorReport | null): Promise<ChecklistRule[]> {
  const r = await c.query(`
    with last_run as (select r.id, r.started_at from advisor.runs r order by r.id desc limit 1)
    select k.id, k.area, k.item, k.priority, k.evaluation, k.how, k.evaluator, f.status as last_status, lr.started_at as last_run_at
      from advisor.checks k
      left join last_run lr on true
      left join advisor.findings f on f.run_id = lr.id and f.check_id = k.id
     order by k.area, case k.priority when 'Critical' then 1 when 'High' then 2 else 3 end, k.id`);
  return r.rows.map((row) => {
    const now = doctor?.findings.find((f) => f.check_id === row.id);
    return {
      id: row.id, area: row.area, item: row.item, priority: row.priority, evaluation: row.evaluation, how: row.how,
      evaluator: row.evaluator, status: now?.status ?? null, detail: now?.detail ?? null,
      lastStatus: row.last_status, lastRunAt: row.last_run_at ? (row.last_run_at as Date).toISOString() : null,
    };
  });
}

export async function collectDoctrine(c: pg.Client, doctor: DoctorReport | null): Promise<DoctrineData> {
  return { assertions: await assertionRules(c), checklist: await checklistRules(c, doctor) };
}
