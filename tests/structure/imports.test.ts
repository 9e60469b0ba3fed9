// What ships does not depend on tooling: no module under src/ imports from tests/ or bench/.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/cluster/paths.ts";
import { sourceFiles } from "../support/size.ts";

/** The relative import specifiers of a module that leave src/ for tests/ or bench/. */
export function importsOutsideSrc(file: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]!);
  return specs
    .map((s) => path.relative(projectRoot, path.resolve(projectRoot, path.dirname(file), s)))
    .filter((t) => t.startsWith("tests/") || t.startsWith("bench/"))
    .map((t) => `${file} imports ${t}`);
}

describe("src/ ships on its own", () => {
  it("no module under src/ imports from tests/ or bench/", () => {
    const src = sourceFiles().filter((f) => f.startsWith("src/"));
    expect(src.length).toBeGreaterThan(50);
    expect(src.flatMap((f) => importsOutsideSrc(f, fs.readFileSync(path.join(projectRoot, f), "utf8")))).toEqual([]);
  });

  it("would name an import that does", () => {
    expect(importsOutsideSrc("src/cli/test.ts", `import { x } from "../../tests/support/wait.ts";`)).toEqual([
      "src/cli/test.ts imports tests/support/wait.ts",
    ]);
  });
});
