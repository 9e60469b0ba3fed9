// docs/errors.md is the registry of the SQLSTATEs ssot raises: every `'SSnnn'` in the SQL under db/
// (tests excluded) is documented there once, and every documented code is raised somewhere.
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p === path.join(root, "db", "tests") ? [] : sqlFiles(p);
    return e.name.endsWith(".sql") ? [p] : [];
  });
}

/** code → the files (relative) whose SQL names it as a string literal ('SS123'), as a raise does. */
function raisedCodes(): Map<string, string[]> {
  const codes = new Map<string, string[]>();
  for (const f of sqlFiles(path.join(root, "db"))) {
    for (const m of readFileSync(f, "utf8").matchAll(/'(SS\d{3})'/g)) {
      const list = codes.get(m[1]!) ?? [];
      const rel = path.relative(root, f);
      if (!list.includes(rel)) list.push(rel);
      codes.set(m[1]!, list);
    }
  }
  return codes;
}

/** The codes in the first column of docs/errors.md's tables, in order. */
function documentedCodes(): string[] {
  return [...readFileSync(path.join(root, "docs", "errors.md"), "utf8").matchAll(/^\| (SS\d{3}) \|/gm)].map((m) => m[1]!);
}

describe("the error-code registry (docs/errors.md)", () => {
  it("documents every code raised under db/", () => {
    const documented = new Set(documentedCodes());
    const missing = [...raisedCodes()].filter(([c]) => !documented.has(c)).map(([c, files]) => `${c} (${files.join(", ")})`);
    expect(missing, "raised in db/ but not in docs/errors.md").toEqual([]);
  });

  it("lists only codes that are raised, each once, in order", () => {
    const raised = raisedCodes();
    const documented = documentedCodes();
    expect(documented.filter((c) => !raised.has(c)), "in docs/errors.md but raised nowhere in db/").toEqual([]);
    expect(documented.filter((c, i) => documented.indexOf(c) !== i), "listed twice").toEqual([]);
    expect(documented, "in code order").toEqual([...documented].sort());
    expect(documented.length).toBeGreaterThan(50);
  });
});
