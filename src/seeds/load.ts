// Seed loading: every file in db/seeds is parsed and validated (zod) before a single row is
// written; then all kinds are upserted in one transaction, in file order. A bad file is refused
// with its path, the path inside it and the reason.
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import YAML from "yaml";
import { z } from "zod";
import { dbDir } from "../cluster/paths.ts";
import { withClient } from "../db/client.ts";
import { upsertRows, type LoadCounts, type SeedKind } from "./kind.ts";
import { seedKinds } from "./kinds/index.ts";

export class SeedError extends Error {}

export interface SeedFile {
  file: string;
  kind: SeedKind;
  rows: Record<string, unknown>[];
}

const fileShape = z.strictObject({ kind: z.string(), rows: z.array(z.unknown()) });

function formatPath(p: PropertyKey[]): string {
  return p.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), "");
}

export function seedFiles(dir = path.join(dbDir, "seeds")): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

export function parseSeedFile(file: string, kinds: SeedKind[] = seedKinds): SeedFile {
  const rel = path.relative(process.cwd(), file) || file;
  let doc: unknown;
  try {
    const text = fs.readFileSync(file, "utf8");
    doc = file.endsWith(".json") ? JSON.parse(text) : YAML.parse(text, { prettyErrors: true });
  } catch (e) {
    throw new SeedError(`${rel}: not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`);
  }
  const top = fileShape.safeParse(doc);
  if (!top.success) {
    const i = top.error.issues[0]!;
    throw new SeedError(`${rel}: ${formatPath(i.path) || "(top level)"}: ${i.message} (a seed file is {kind, rows})`);
  }
  const kind = kinds.find((k) => k.kind === top.data.kind);
  if (!kind) throw new SeedError(`${rel}: kind: unknown seed kind "${top.data.kind}" (known: ${kinds.map((k) => k.kind).join(", ")})`);
  const rows: Record<string, unknown>[] = [];
  top.data.rows.forEach((raw, i) => {
    const r = kind.row.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const where = formatPath(["rows", i, ...issue.path]);
      const keys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
      throw new SeedError(`${rel}: ${where}: ${issue.message}${keys}`);
    }
    rows.push(r.data as Record<string, unknown>);
  });
  const keyOf = (row: Record<string, unknown>) => JSON.stringify(kind.key.map((k) => row[k]));
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const k = keyOf(row);
    if (seen.has(k)) throw new SeedError(`${rel}: rows[${i}]: duplicate ${kind.key.join(", ")} ${k} (also rows[${seen.get(k)}])`);
    seen.set(k, i);
  });
  for (const problem of kind.validate?.(rows) ?? []) throw new SeedError(`${rel}: ${problem}`);
  return { file: rel, kind, rows };
}

export interface SeedReport {
  files: { file: string; kind: string; rows: number } & LoadCounts[];
}

/** Validates every file, then loads them all in one transaction. */
export async function loadSeedsWith(c: pg.Client, files = seedFiles()): Promise<Array<{ file: string; kind: string; rows: number } & LoadCounts>> {
  const parsed = files.map((f) => parseSeedFile(f));
  const out: Array<{ file: string; kind: string; rows: number } & LoadCounts> = [];
  await c.query("begin");
  try {
    for (const s of parsed) {
      const columns = Object.keys(s.kind.row.shape);
      let counts: LoadCounts;
      try {
        counts = s.kind.load ? await s.kind.load(c, s.rows) : await upsertRows(c, s.kind.table, s.kind.key, columns, s.rows);
      } catch (e) {
        throw new SeedError(`${s.file}: loading into ${s.kind.table} failed: ${(e as Error).message}`);
      }
      out.push({ file: s.file, kind: s.kind.kind, rows: s.rows.length, ...counts });
    }
    await c.query("commit");
  } catch (e) {
    await c.query("rollback").catch(() => {});
    throw e;
  }
  return out;
}

export async function loadSeeds(url: string, files = seedFiles()) {
  return withClient(url, (c) => loadSeedsWith(c, files));
}
