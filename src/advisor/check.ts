// `ssot check`: the doctrine assertions of advisor.assert_doctrine() (the same SQL the pgTAP suite
// runs), against any database. Rows are validated with zod before they are reported.
import type pg from "pg";
import { z } from "zod";

export const violationSchema = z.object({
  check_name: z.string(),
  object: z.string(),
  problem: z.string(),
  fix: z.string(),
});
export type Violation = z.infer<typeof violationSchema>;

export class NotInstalledError extends Error {}

/** Runs the assertions; throws NotInstalledError when the database lacks ssot's advisor schema. */
export async function runDoctrineChecks(c: pg.Client): Promise<Violation[]> {
  const has = await c.query(`select to_regprocedure('advisor.assert_doctrine()') is not null as yes`);
  if (!has.rows[0].yes) {
    throw new NotInstalledError("advisor.assert_doctrine() is not installed in this database: run `ssot migrate` against it first");
  }
  const r = await c.query(`select check_name, object, problem, fix from advisor.assert_doctrine() order by 1, 2, 3`);
  return z.array(violationSchema).parse(r.rows);
}
