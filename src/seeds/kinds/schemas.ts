// The doctrine registry of schemas (docs/governance.md, "RLS and grants"): who owns the data, whether PostgREST exposes it,
// whether RLS is mandatory. The one list of exposed schemas is the `exposed: true` rows.
// `api_usage: true` marks a schema PostgREST does not expose but API roles may use, to execute the
// SECURITY DEFINER functions it holds (the bodies of the RPCs in public; see docs/governance.md).
// `core_relations` lists what the schema must hold; `ssot check` fails when the schema or one is gone.
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
    api_usage: z.boolean().default(false),
    purpose: z.string().min(10, "a sentence saying what the schema holds"),
    // the tables and views the schema must hold: `ssot check` fails schema_contents without them
    core_relations: z.array(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "an unqualified lowercase relation name")).max(64).default([]),
  }),
  validate: (rows) => [
    ...rows.filter((r) => r.exposed && !r.rls_required).map((r) => `schema ${r.name} is exposed, so rls_required must be true`),
    ...rows.filter((r) => r.exposed && r.api_usage).map((r) => `schema ${r.name} is exposed, so api_usage (for schemas PostgREST does not expose) must be false`),
  ],
});
