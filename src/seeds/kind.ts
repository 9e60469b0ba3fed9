// A seed kind: the zod schema of one row and the table it is upserted into.
// Upserts only touch rows whose values differ, so loading the same files twice changes nothing.
import { escapeIdentifier, type default as pg } from "pg";
import { z } from "zod";

export interface LoadCounts {
  inserted: number;
  updated: number;
}

export interface SeedKind<S extends z.ZodObject = z.ZodObject> {
  /** The `kind:` a seed file names. */
  kind: string;
  /** Schema-qualified target table. */
  table: string;
  /** Conflict key columns. */
  key: string[];
  row: S;
  /** Checks across rows and against the database, after every file validated (optional). */
  validate?: (rows: z.infer<S>[]) => string[];
  /** A custom loader; the default upserts the rows into `table` by `key`. */
  load?: (c: pg.Client, rows: z.infer<S>[]) => Promise<LoadCounts>;
}

export function defineKind<S extends z.ZodObject>(k: SeedKind<S>): SeedKind<S> {
  return k;
}

// identifiers are quoted by pg's escapeIdentifier, the one quoting the project uses
const q = escapeIdentifier;
const qTable = (t: string) => t.split(".").map(q).join(".");

/**
 * Upserts `rows` into `table` by `key` in one statement: jsonb_populate_recordset maps the JSON to
 * the table's types, and `is distinct from` keeps unchanged rows untouched.
 */
export async function upsertRows(c: pg.Client, table: string, key: string[], columns: string[], rows: object[]): Promise<LoadCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const cols = columns.map(q).join(", ");
  const nonKey = columns.filter((c) => !key.includes(c));
  const set = nonKey.map((c) => `${q(c)} = excluded.${q(c)}`).join(", ");
  const changed = nonKey.length
    ? `where (${nonKey.map((c) => `t.${q(c)}`).join(", ")}) is distinct from (${nonKey.map((c) => `excluded.${q(c)}`).join(", ")})`
    : "";
  const action = nonKey.length ? `do update set ${set} ${changed}` : "do nothing";
  const sql = `
    insert into ${qTable(table)} as t (${cols})
    select ${cols} from jsonb_populate_recordset(null::${qTable(table)}, $1::jsonb)
    on conflict (${key.map(q).join(", ")}) ${action}
    returning (xmax = 0) as inserted`;
  const r = await c.query(sql, [JSON.stringify(rows)]);
  const inserted = r.rows.filter((x) => x.inserted).length;
  return { inserted, updated: r.rows.length - inserted };
}
