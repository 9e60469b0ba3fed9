// The production hardening checklist (docs/governance.md, "ssot doctor: the hardening checklist"):
// one row per item with its area and priority. `evaluation: database` items name their evaluator,
// a function advisor.check_<name>(evaluator_arg) that advisor.run_checks() calls; `manual` items are
// outside the database and are reported as manual, never guessed.
import { z } from "zod";
import { defineKind } from "../kind.ts";

export const checksKind = defineKind({
  kind: "checks",
  table: "advisor.checks",
  key: ["id"],
  row: z.strictObject({
    id: z.string().regex(/^[a-z0-9_]+$/, "a snake_case id, e.g. rls_ops"),
    area: z.string().min(2, "the checklist section, e.g. Platform (Supabase)"),
    item: z.string().min(5, "the checklist item as written"),
    priority: z.enum(["Critical", "High", "Medium"]),
    evaluation: z.enum(["database", "manual"]),
    evaluator: z.string().regex(/^advisor\.check_[a-z0-9_]+$/, "an evaluator function, e.g. advisor.check_rls_enabled").optional(),
    evaluator_arg: z.string().min(1, "the evaluator's argument, e.g. a schema").optional(),
    how: z.string().min(10, "what the check looks at, or how a person verifies a manual item"),
  }),
  validate: (rows) => {
    const seen = new Set<string>();
    return rows.flatMap((r) => [
      ...(seen.has(r.id) ? [`check id ${r.id} appears twice`] : (seen.add(r.id), [])),
      ...(r.evaluation === "database" && !r.evaluator ? [`check ${r.id} is evaluation: database but names no evaluator`] : []),
      ...(r.evaluation === "manual" && (r.evaluator || r.evaluator_arg) ? [`check ${r.id} is evaluation: manual but names an evaluator`] : []),
      ...(!r.evaluator && r.evaluator_arg ? [`check ${r.id} has an evaluator_arg but no evaluator`] : []),
    ]);
  },
});
