// Is the committed types/database.ts what the generator makes from this database? Compared as
// TypeScript tokens, not as text: comments (our header), whitespace, line breaks, quote style,
// `;`/`,` separators and a union's leading `|` are formatting, so a file run through another
// formatter, or a generator release that only re-wraps lines, is not stale; a name, a type or a
// member more or less is.
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import type { Violation } from "../advisor/check.ts";
import { exposedSchemas, runGenerator, TYPES_FILE } from "./generate.ts";

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z0-9_$]+|=>|\.\.\.|[^\s]/g;

/** A string literal as JSON spells it, whichever quotes the file used. */
function stringToken(t: string): string {
  const body = t.slice(1, -1);
  const value = t[0] === '"' ? body : body.replace(/\\'/g, "'").replace(/(^|[^\\])"/g, '$1\\"');
  try {
    return JSON.stringify(JSON.parse(`"${value}"`));
  } catch {
    return t;
  }
}

/** The file's tokens with formatting left out (see the head of this file). */
export function typeTokens(text: string): string[] {
  const out: string[] = [];
  let prev = "";
  for (const [t] of text.matchAll(TOKEN)) {
    if (/^\s/.test(t) || t.startsWith("//") || t.startsWith("/*")) continue;
    const raw = prev;
    prev = t;
    if (t === ";" || t === ",") continue;
    // `= | A | B` (a union broken over lines) is `= A | B`
    if ((t === "|" || t === "&") && ["", "=", ":", "(", "<", "[", ",", "|", "&"].includes(raw)) continue;
    out.push(t.startsWith('"') || t.startsWith("'") ? stringToken(t) : t);
  }
  return out;
}

/** Where token `at` sits in the type, e.g. `rag.Functions.hybrid_search.Args`. */
function pathAt(tokens: string[], at: number): string {
  const stack: string[] = [];
  for (let i = 0; i < at && i < tokens.length; i++) {
    if (tokens[i] === "}") stack.pop();
    if (tokens[i] !== "{") continue;
    const before = tokens[i - 1];
    const key = before === ":" ? (tokens[i - 2] === "?" ? tokens[i - 3] : tokens[i - 2]) : before === "=" && tokens[i - 3] === "type" ? tokens[i - 2] : "";
    stack.push((key ?? "").replace(/^"(.*)"$/, "$1"));
  }
  return stack.filter(Boolean).join(".") || "the top of the file";
}

const excerpt = (tokens: string[], i: number) => (i < tokens.length ? tokens.slice(i, i + 8).join(" ") : "(the end of the file)");

/** undefined when the two are the same type; else where they first differ, in one line. */
export function firstDifference(file: string, generated: string): string | undefined {
  const a = typeTokens(file), b = typeTokens(generated);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return undefined;
  return `first difference in ${pathAt(b, i)}: the database gives \`${excerpt(b, i)}\`, the file has \`${excerpt(a, i)}\``;
}

export interface TypesCheck {
  /** The file, as the project names it (types/database.ts). */
  file: string;
  /** fresh or stale when the file exists in the project (the working directory); absent: not compared. */
  status: "fresh" | "stale" | "absent";
  schemas: string[];
  failures: Violation[];
}

/** Compares the project's types/database.ts, when there is one in `cwd`, with the types generated from this database. */
export async function checkGeneratedTypes(c: pg.Client, url: string, cwd = process.cwd()): Promise<TypesCheck> {
  const file = path.resolve(cwd, TYPES_FILE);
  if (!fs.existsSync(file)) return { file: TYPES_FILE, status: "absent", schemas: [], failures: [] };
  const schemas = await exposedSchemas(c);
  const diff = firstDifference(fs.readFileSync(file, "utf8"), await runGenerator(url, schemas));
  if (!diff) return { file: TYPES_FILE, status: "fresh", schemas, failures: [] };
  return {
    file: TYPES_FILE,
    status: "stale",
    schemas,
    failures: [{
      check_name: "types_stale",
      object: TYPES_FILE,
      problem: `the generated types are stale against this database's exposed schemas (${schemas.join(", ")}): ${diff}`,
      fix: "npx ssot gen types (from the freshly migrated dev database), then commit types/database.ts; or migrate this database if it is the one behind",
    }],
  };
}
