// The size rules of tests/support/size.ts over src/, bench/ and tests/support/: a failure names
// every function over 80 lines and every file over 300 lines without a reason on its first line.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/cluster/paths.ts";
import { longFile, longFunctions, MAX_FILE_LINES, MAX_FUNCTION_LINES, sourceFiles } from "../support/size.ts";

describe("size rules", () => {
  const files = sourceFiles();

  it("finds the sources it checks", () => {
    expect(files).toContain("src/cli/main.ts");
    expect(files).toContain("src/testrun/cluster.ts");
    expect(files.some((f) => f.startsWith("bench/"))).toBe(true);
  });

  it(`no function is longer than ${MAX_FUNCTION_LINES} lines`, () => {
    expect(files.flatMap((f) => longFunctions(f, fs.readFileSync(path.join(projectRoot, f), "utf8")))).toEqual([]);
  });

  it(`no file is longer than ${MAX_FILE_LINES} lines without a reason on its first line`, () => {
    expect(files.flatMap((f) => longFile(f, fs.readFileSync(path.join(projectRoot, f), "utf8")))).toEqual([]);
  });

  it("the checks can fail: a long function and a long file without a reason are named", () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join("\n");
    expect(longFunctions("x.ts", `export function tooLong() {\n${body}\n}\n`)).toEqual([`x.ts:1 tooLong (${MAX_FUNCTION_LINES + 2} lines)`]);
    expect(longFunctions("x.ts", `const cb = () => {\n${body}\n};\n`)).toEqual([`x.ts:1 cb (${MAX_FUNCTION_LINES + 2} lines)`]);
    expect(longFunctions("x.ts", `export function ok() {\n  return 1;\n}\n`)).toEqual([]);
    const long = "const a = 1;\n".repeat(MAX_FILE_LINES + 1);
    expect(longFile("y.ts", long)).toHaveLength(1);
    expect(longFile("y.ts", `// over 300 lines: one table of fixtures\n${long}`)).toEqual([]);
    expect(longFile("y.ts", "const a = 1;\n".repeat(MAX_FILE_LINES))).toEqual([]);
  });
});
