// The doctrine registry of schemas (SPEC C3): who owns the data, whether PostgREST exposes it,
// whether RLS is mandatory. The one list of exposed schemas is the `exposed: true` rows.
import { z } from "zod";
import { defineKind } from "../kind.ts";

export const schemasKind = defineKind({
  kind: "schemas",
  table: "catalog.schemas",
  key: ["name"],
  row: z.strictObject({
    name: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "a lowercase schema name"),
    owner: z.enum(["supabase", "odoo"]),
    exposed: z.boolean(),
    rls_required: z.boolean(),
    purpose: z.string().min(10, "a sentence saying what the schema holds"),
  }),
  validate: (rows) =>
    rows.filter((r) => r.exposed && !r.rls_required).map((r) => `schema ${r.name} is exposed, so rls_required must be true`),
});
