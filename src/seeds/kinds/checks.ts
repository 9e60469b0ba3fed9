// The production hardening checklist (docs/governance.md, "`ssot doctor`"): one row per item
// with its area and priority. `evaluation: database` items are evaluated by advisor.run_checks();
// `manual` items are outside the database and are reported as manual, never guessed.
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
    how: z.string().min(10, "what the check looks at, or how a person verifies a manual item"),
  }),
  validate: (rows) => {
    const seen = new Set<string>();
    return rows.flatMap((r) => (seen.has(r.id) ? [`check id ${r.id} appears twice`] : (seen.add(r.id), [])));
  },
});
