// Extensions: created in schema `extensions` (as on Supabase) when missing and allowed; where this
// role may not create one, the step a person must take instead.
import { escapeIdentifier } from "pg";
import type pg from "pg";

export async function extensionAvailable(c: pg.Client, name: string): Promise<boolean> {
  const r = await c.query(`select 1 from pg_catalog.pg_available_extensions where name = $1`, [name]);
  return (r.rowCount ?? 0) > 0;
}

async function extensionInstalled(c: pg.Client, name: string): Promise<boolean> {
  const r = await c.query(`select 1 from pg_catalog.pg_extension where extname = $1`, [name]);
  return (r.rowCount ?? 0) > 0;
}

/** What a person must do where the role may not create the extension itself. */
export function enableStep(name: string, supabase: boolean): string {
  const schema = name === "pg_cron" ? "" : name === "pg_net" ? " (schema extensions; it creates schema net)" : " in schema extensions";
  return supabase
    ? `enable the ${name} extension${schema} from the Supabase dashboard (Database → Extensions), then run this again`
    : `create the ${name} extension${schema} as a superuser (or put ROOT_DATABASE_URL on a superuser), then run this again`;
}

/**
 * Creates the extension when missing (adding it to `report.extensionsCreated`). Returns false,
 * creating nothing, when this role may not (insufficient privilege: on Supabase an extension the
 * dashboard enables) or it is not available.
 */
export async function createExtension(c: pg.Client, name: string, report: { extensionsCreated: string[] }, schemaClause?: string): Promise<boolean> {
  if (await extensionInstalled(c, name)) return true;
  if (!(await extensionAvailable(c, name))) return false;
  // pg_cron is not relocatable; Supabase puts it in pg_catalog (its objects live in schema cron)
  const schema = schemaClause ?? (name === "pg_cron" ? " with schema pg_catalog" : " with schema extensions");
  await c.query(`savepoint create_extension`);
  try {
    await c.query(`create extension if not exists ${escapeIdentifier(name)}${schema}`);
  } catch (e) {
    await c.query(`rollback to savepoint create_extension`);
    if ((e as { code?: string }).code === "42501") return false;
    throw e;
  }
  report.extensionsCreated.push(name);
  return true;
}
