// What the pgTAP suite needs in the database it runs against: the pgtap extension and the helpers
// of db/tests/_helpers (schema `tests`), and which files apply there. A file that cannot apply to a
// target says so in its header, `-- requires: <name>`, with a name from REQUIREMENTS below; the
// runner lists it with the reason instead of running it. Helpers and an extension installed here
// for the run are removed afterwards; what was there before is left as it was.
import fs from "node:fs";
import path from "node:path";
import { dbDir } from "../cluster/paths.ts";
import { withClient } from "../db/client.ts";

interface Requirement {
  /** A query returning one boolean: whether the target meets it, as the connecting role. */
  probe: string;
  /** Why a file with this requirement does not run where the probe says false. */
  reason: string;
}

export const REQUIREMENTS: Record<string, Requirement> = {
  "compat-vault-owner": {
    probe: `select coalesce((select pg_catalog.pg_has_role(c.relowner, 'usage') from pg_catalog.pg_class c
                             where c.oid = pg_catalog.to_regclass('vault.secrets')), false)
                   and not exists (select from pg_catalog.pg_extension where extname = 'supabase_vault') as ok`,
    reason: "tests the internals of ssot's compat vault (it disables the vault's trigger), which the connecting role does not own here; on Supabase the vault is the supabase_vault extension",
  },
};

export function helperFiles(): string[] {
  const dir = path.join(dbDir, "tests", "_helpers");
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".sql")).sort().map((f) => path.join(dir, f)) : [];
}

/** The `-- requires:` names in a test file's header; an unknown name is an error naming the file. */
export function requirementsOf(file: string): string[] {
  const names = [...fs.readFileSync(file, "utf8").matchAll(/^-- requires: ([\w-]+)/gm)].map((m) => m[1]!);
  for (const n of names) {
    if (!REQUIREMENTS[n]) throw new Error(`${file}: unknown requirement "${n}" (known: ${Object.keys(REQUIREMENTS).join(", ")})`);
  }
  return names;
}

export interface SuiteTarget {
  runnable: string[];
  skipped: { file: string; reason: string }[];
  cleanup(): Promise<void>;
}

export async function prepareSuiteTarget(url: string, files: string[]): Promise<SuiteTarget> {
  return withClient(url, async (c) => {
    const hadPgtap = (await c.query(`select 1 from pg_catalog.pg_extension where extname = 'pgtap'`)).rowCount! > 0;
    if (!hadPgtap) {
      try {
        await c.query(`create extension pgtap with schema extensions`);
      } catch (e) {
        throw new Error(`the pgtap extension is missing and ${new URL(url).username} may not create it (${(e as Error).message}): enable pgtap in schema extensions (on Supabase: Database → Extensions)`);
      }
    }
    const hadHelpers = (await c.query(`select 1 from pg_catalog.pg_namespace where nspname = 'tests'`)).rowCount! > 0;
    for (const f of helperFiles()) await c.query(fs.readFileSync(f, "utf8"));
    const met = new Map<string, boolean>();
    for (const [name, r] of Object.entries(REQUIREMENTS)) met.set(name, (await c.query(r.probe)).rows[0].ok === true);
    const runnable: string[] = [];
    const skipped: SuiteTarget["skipped"] = [];
    for (const file of files) {
      const unmet = requirementsOf(file).filter((n) => !met.get(n));
      if (unmet.length) skipped.push({ file, reason: unmet.map((n) => REQUIREMENTS[n]!.reason).join("; ") });
      else runnable.push(file);
    }
    const cleanup = () =>
      withClient(url, async (d) => {
        if (!hadHelpers) await d.query(`drop schema if exists tests cascade`);
        if (!hadPgtap) await d.query(`drop extension if exists pgtap`);
      });
    return { runnable, skipped, cleanup };
  });
}
