// Definitions: the idempotent SQL in db/functions, db/policies and db/cron, re-applied after every
// migration in that order, in one transaction. A checksum per file skips unchanged files, unless
// the schema moved underneath them (a new migration or a changed current.sql can drop a function
// or a policy), which the migration fingerprint detects: then every file is applied again.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { dbDir } from "../cluster/paths.ts";
import { withClient } from "./client.ts";

export const DEFINITION_GROUPS = ["functions", "policies", "cron"] as const;

export interface DefinitionFile {
  /** Path relative to db/, e.g. functions/ops/emit.sql: the key in ssot_meta.definitions. */
  key: string;
  file: string;
  group: (typeof DEFINITION_GROUPS)[number];
  sql: string;
  checksum: string;
}

export interface ApplyReport {
  applied: string[];
  skipped: string[];
  cronSkipped: boolean;
  /** Cron jobs removed because the db/cron file that declared them is gone. */
  cronPruned: string[];
  reason: "changed" | "schema-moved" | "forced";
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".sql") ? [path.join(dir, e.name)] : []));
}

export function listDefinitions(root = dbDir): DefinitionFile[] {
  return DEFINITION_GROUPS.flatMap((group) =>
    walk(path.join(root, group))
      .sort()
      .map((file) => {
        const sql = fs.readFileSync(file, "utf8");
        return { key: path.relative(root, file), file, group, sql, checksum: createHash("sha256").update(sql).digest("hex") };
      }),
  );
}

const META_DDL = `
  create schema if not exists ssot_meta;
  comment on schema ssot_meta is 'ssot''s own bookkeeping (definition checksums); never exposed to API roles.';
  create table if not exists ssot_meta.definitions (
    key text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  );
  comment on table ssot_meta.definitions is 'Checksum of each definition file as last applied.';
  create table if not exists ssot_meta.state (
    key text primary key,
    value text not null
  );
  comment on table ssot_meta.state is 'Key/value bookkeeping, e.g. the migration fingerprint definitions were applied at.';
  revoke all on schema ssot_meta from public;
`;

/** A fingerprint of the migrations (committed and current) the database has run. */
async function migrationFingerprint(c: pg.Client): Promise<string> {
  const r = await c.query(`
    select coalesce((select string_agg(hash, ',' order by date, hash) from graphile_migrate.migrations), '')
      || '|' || coalesce((select md5(string_agg(content, '' order by filename)) from graphile_migrate.current), '') as fp
    where to_regclass('graphile_migrate.migrations') is not null
    union all select '' where to_regclass('graphile_migrate.migrations') is null`);
  return r.rows[0].fp as string;
}

export async function applyDefinitionsWith(
  c: pg.Client,
  opts: { force?: boolean; files?: DefinitionFile[]; log?: (line: string) => void } = {},
): Promise<ApplyReport> {
  const files = opts.files ?? listDefinitions();
  const log = opts.log ?? (() => {});
  await c.query("begin");
  try {
    await c.query(`select pg_advisory_xact_lock(hashtext('ssot.definitions'))`);
    await c.query(META_DDL);
    await c.query(`set local check_function_bodies = off`);
    const hasCron = (await c.query(`select to_regnamespace('cron') is not null as yes`)).rows[0].yes as boolean;
    const fp = await migrationFingerprint(c);
    const prev = (await c.query(`select value from ssot_meta.state where key = 'migration_fingerprint'`)).rows[0]?.value;
    const reason: ApplyReport["reason"] = opts.force ? "forced" : prev !== fp ? "schema-moved" : "changed";
    const known = new Map<string, string>(
      (await c.query(`select key, checksum from ssot_meta.definitions`)).rows.map((r) => [r.key, r.checksum]),
    );
    const report: ApplyReport = { applied: [], skipped: [], cronSkipped: false, cronPruned: [], reason };
    for (const f of files) {
      if (f.group === "cron" && !hasCron) {
        report.cronSkipped = true;
        continue;
      }
      if (reason === "changed" && known.get(f.key) === f.checksum) {
        report.skipped.push(f.key);
        continue;
      }
      try {
        // a definition may record where it comes from (ops.cron_declare does)
        await c.query(`select set_config('ssot.definition_file', $1, true)`, [f.key]);
        await c.query(f.sql);
      } catch (e) {
        const err = e as Error & { position?: string };
        throw new Error(`db/${f.key}: ${err.message}${err.position ? ` (at character ${err.position})` : ""}`);
      }
      await c.query(
        `insert into ssot_meta.definitions (key, checksum) values ($1, $2)
         on conflict (key) do update set checksum = excluded.checksum, applied_at = now()`,
        [f.key, f.checksum],
      );
      report.applied.push(f.key);
      log(`applied db/${f.key}`);
    }
    await c.query(`select set_config('ssot.definition_file', '', true)`);
    // jobs are data: a job whose db/cron file was deleted is removed too
    const cronKeys = files.filter((f) => f.group === "cron").map((f) => f.key);
    if (hasCron && (await c.query(`select to_regprocedure('ops.cron_prune(text[])') is not null as yes`)).rows[0].yes) {
      report.cronPruned = (await c.query(`select ops.cron_prune($1::text[]) as name`, [cronKeys])).rows.map((r) => r.name as string);
      for (const name of report.cronPruned) log(`removed cron job ${name} (its db/cron file is gone)`);
    }
    await c.query(`delete from ssot_meta.definitions where not (key = any ($1::text[]))`, [files.map((f) => f.key)]);
    await c.query(
      `insert into ssot_meta.state (key, value) values ('migration_fingerprint', $1)
       on conflict (key) do update set value = excluded.value`,
      [fp],
    );
    await c.query("commit");
    return report;
  } catch (e) {
    await c.query("rollback").catch(() => {});
    throw e;
  }
}

export async function applyDefinitions(url: string, opts: Parameters<typeof applyDefinitionsWith>[1] = {}) {
  return withClient(url, (c) => applyDefinitionsWith(c, opts));
}
