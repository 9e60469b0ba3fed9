// `ssot gen types` makes the Database type supabase-js v2 consumes: a client file calling the RPCs
// and reading a table of an exposed schema type-checks with tsc against what it wrote, and the same
// file with a wrong argument name, a wrong argument type, an unknown table or a result used as the
// wrong type does not (each error names what is wrong). One TypeScript program checks every file.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/cluster/paths.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";

// inside the project, so that `@supabase/supabase-js` resolves from its node_modules
const dir = path.join(projectRoot, ".ssot", "tmp", `types-client-${process.pid}`);
let db: TestDatabase;

/** The client file, with one call replaced by `swap` when given. */
function client(swap?: { from: string; to: string }): string {
  const text = `import { createClient } from "@supabase/supabase-js";
import type { Database } from "./database.ts";

const supabase = createClient<Database>("http://127.0.0.1:54321", "anon-key");

export async function use() {
  const { data: hits } = await supabase.schema("rag").rpc("hybrid_search", { query_text: "invoice overdue", match_count: 5 });
  const score: number | undefined = hits?.[0]?.score;
  const { data: eventId } = await supabase.rpc("odoo_webhook", { "": '{"model":"project.task","id":7}' });
  const id: string | null = eventId;
  const { data: docs } = await supabase.schema("rag").from("documents").select("id, title, version");
  const title: string | undefined = docs?.[0]?.title;
  const { data: kpi } = await supabase.rpc("analytics_record_kpi", { kpi: "mrr", period_start: "2026-01-01", value: 1 });
  return { score, id, title, kpi };
}
`;
  if (!swap) return text;
  expect(text).toContain(swap.from);
  return text.replace(swap.from, swap.to);
}

const wrong: Record<string, { from: string; to: string; error: RegExp }> = {
  // supabase-js infers rpc's arguments as a type parameter bounded by Args: an unknown name next to a
  // correct one passes tsc (PostgREST refuses the call at run time); a call whose names are all wrong,
  // or that misses a required one, does not (docs/types.md)
  "bad_arg_name.ts": { from: "{ query_text: \"invoice overdue\", match_count: 5 }", to: "{ query_txt: \"invoice overdue\", match_cnt: 5 }", error: /'query_txt' does not exist in type '\{ filter\?: Json/ },
  "bad_required_name.ts": { from: "{ kpi: \"mrr\",", to: "{ kpi_name: \"mrr\",", error: /'kpi_name' does not exist in type '\{ dimensions\?: Json \| undefined; kpi: string;/ },
  "bad_arg_type.ts": { from: "match_count: 5", to: `match_count: "five"`, error: /Type 'string' is not assignable to type 'number'/ },
  "bad_webhook_type.ts": { from: `{ "": '{"model":"project.task","id":7}' }`, to: `{ "": 42 }`, error: /Type 'number' is not assignable to type 'string'/ },
  "bad_webhook_name.ts": { from: `{ "": '{"model":"project.task","id":7}' }`, to: `{ body: "x" }`, error: /'body' does not exist/ },
  "bad_function.ts": { from: `rpc("analytics_record_kpi"`, to: `rpc("analytics_record_kpis"`, error: /"analytics_record_kpis"/ },
  "bad_table.ts": { from: `from("documents")`, to: `from("document")`, error: /"document"/ },
  "bad_result.ts": { from: "const score: number | undefined", to: "const score: string | undefined", error: /Type 'number \| undefined' is not assignable to type 'string \| undefined'/ },
};

/** tsc's errors per file of the program (strict, as the project compiles). */
function typeCheck(files: string[]): Map<string, string[]> {
  const program = ts.createProgram(files, {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowImportingTsExtensions: true,
  });
  const errors = new Map<string, string[]>();
  for (const f of files) {
    const diags = ts.getPreEmitDiagnostics(program, program.getSourceFile(f));
    errors.set(path.basename(f), diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")));
  }
  return errors;
}

beforeAll(async () => {
  db = await createTestDatabase("typesclient");
  fs.mkdirSync(dir, { recursive: true });
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

describe("the generated Database type with supabase-js", () => {
  let errors: Map<string, string[]>;
  beforeAll(() => {
    const r = runCli(["gen", "types", "--database-url", db.url, "--out", path.join(dir, "database.ts")], { inherit: true });
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^ssot gen types: wrote .*database\.ts \(schemas public, rag, \d+ lines\)$/m);
    expect(r.code).toBe(0);
    fs.writeFileSync(path.join(dir, "client.ts"), client());
    for (const [name, w] of Object.entries(wrong)) fs.writeFileSync(path.join(dir, name), client(w));
    errors = typeCheck(["client.ts", ...Object.keys(wrong)].map((f) => path.join(dir, f)));
  });

  it("a client calling hybrid_search and odoo_webhook and selecting from rag.documents type-checks", () => {
    expect(errors.get("client.ts")).toEqual([]);
  });

  for (const [name, w] of Object.entries(wrong)) {
    it(`the same file with ${w.to} instead of ${w.from} fails tsc, naming it (${name})`, () => {
      const got = errors.get(name)!;
      expect(got.length).toBeGreaterThan(0);
      expect(got.join("\n")).toMatch(w.error);
    });
  }
});
