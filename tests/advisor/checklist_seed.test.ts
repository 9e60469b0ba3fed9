// The checklist seed kind: an item the database evaluates names its evaluator, a manual one none.
import { describe, expect, it } from "vitest";
import { checksKind } from "../../src/seeds/kinds/checks.ts";

const base = { area: "Tests", item: "An item", priority: "Medium", how: "made by the test" };
const rows = (...rs: object[]) => rs.map((r) => checksKind.row.parse(r));

describe("seed kind checks", () => {
  it("accepts database items with an evaluator (and its argument) and manual items without", () => {
    expect(checksKind.validate!(rows(
      { id: "a", ...base, evaluation: "database", evaluator: "advisor.check_rls_enabled", evaluator_arg: "ops" },
      { id: "b", ...base, evaluation: "database", evaluator: "advisor.check_pg_cron_enabled" },
      { id: "c", ...base, evaluation: "manual" },
    ))).toEqual([]);
  });

  it("refuses a database item without an evaluator, a manual item with one, and an argument alone", () => {
    expect(checksKind.validate!(rows(
      { id: "a", ...base, evaluation: "database" },
      { id: "b", ...base, evaluation: "manual", evaluator: "advisor.check_x" },
      { id: "c", ...base, evaluation: "manual", evaluator_arg: "ops" },
    ))).toEqual([
      "check a is evaluation: database but names no evaluator",
      "check b is evaluation: manual but names an evaluator",
      "check c is evaluation: manual but names an evaluator",
      "check c has an evaluator_arg but no evaluator",
    ]);
  });

  it("refuses an evaluator outside advisor.check_*", () => {
    const r = checksKind.row.safeParse({ id: "a", ...base, evaluation: "database", evaluator: "public.f" });
    expect(r.success).toBe(false);
  });
});
