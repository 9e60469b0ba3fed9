// The size rules (checked by tests/structure/size.test.ts) for the TypeScript that ships and the
// tooling around it (src/, bench/, tests/support/): no function over MAX_FUNCTION_LINES lines, and
// no file over MAX_FILE_LINES lines unless its first line says why (`// over 300 lines: <reason>`).
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { projectRoot } from "../../src/cluster/paths.ts";

export const MAX_FUNCTION_LINES = 80;
export const MAX_FILE_LINES = 300;
const ROOTS = ["src", "bench", "tests/support"];
const REASON = /^\/\/ over 300 lines: \S/;

export function sourceFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return walk(p);
      return /\.(ts|mts|mjs)$/.test(e.name) ? [p] : [];
    });
  return ROOTS.flatMap((r) => (fs.existsSync(path.join(projectRoot, r)) ? walk(path.join(projectRoot, r)) : []))
    .map((f) => path.relative(projectRoot, f))
    .sort();
}

/** The name a function is known by: its own, or the variable, property or method it is assigned to. */
function functionName(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as ts.FunctionLikeDeclaration;
  if (named.name) return named.name.getText(sf);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(sf);
  if (ts.isCallExpression(parent)) return `a callback of ${parent.expression.getText(sf).split("\n")[0]!.slice(-40)}`;
  return "an anonymous function";
}

/** Every function, method, arrow function and constructor longer than `max` lines, as "file:line name (N lines)". */
export function longFunctions(file: string, text: string, max = MAX_FUNCTION_LINES): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      const lines = last - first + 1;
      if (lines > max) found.push(`${file}:${first} ${functionName(node, sf)} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The file, when it is longer than `max` lines and its first line gives no reason. */
export function longFile(file: string, text: string, max = MAX_FILE_LINES): string[] {
  const lines = text.split("\n");
  const count = text.endsWith("\n") ? lines.length - 1 : lines.length;
  return count > max && !REASON.test(lines[0] ?? "") ? [`${file} (${count} lines; the first line may say why: "// over 300 lines: <reason>")`] : [];
}

