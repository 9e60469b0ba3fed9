// Definitions: the idempotent SQL in db/functions, db/policies and db/cron, re-applied after every
// migration in that order, in one transaction. A checksum per file skips unchanged files, unless
// the schema moved underneath them (a new migration or a changed current.sql can drop a function
// or a policy), which the migration fingerprint detects: then every file is applied again.
// Objects follow their files: each file runs in a savepoint, and the functions, views, policies
// and triggers whose catalog rows that savepoint wrote are recorded as the file's
// (ssot_meta.definition_objects). When a file is deleted, or no longer creates one of its objects,
// the object is dropped (never with CASCADE: a dependency stops the drop and is reported).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { dbDir } from "../cluster/paths.ts";
import { withClient } from "../db/client.ts";

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
  /** Objects dropped because their file is gone or no longer creates them, e.g. "function public.f(integer)". */
  dropped: string[];
  /** Objects that should have been dropped but could not be (a dependency), with the reason. */
  dropFailed: string[];
  reason: "changed" | "schema-moved" | "forced" | "first-tracking";
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".sql") ? [path.join(dir, e.name)] : []));
}

/** Where definitions come from, as ssot_meta.definition_objects records it: "project" for the project's db/, else the folder itself (tests). */
function sourceOf(root: string): string {
  return path.resolve(root) === path.resolve(dbDir) ? "project" : path.resolve(root);
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
  create table if not exists ssot_meta.definition_objects (
    kind text not null check (kind in ('function', 'view', 'policy', 'trigger')),
    identity text not null,
    key text not null,
    source text not null default 'project',
    rel text,
    name text,
    drop_sql text not null,
    primary key (kind, identity)
  );
  comment on table ssot_meta.definition_objects is 'The definition file (key, within source: the project''s db/ or a folder of tests) that created each function, view, policy and trigger: deleting the file, or the object from it, drops the object on the next apply.';
  revoke all on schema ssot_meta from public;
`;

/** The objects whose catalog rows the transaction (or subtransaction) $1 wrote, fully qualified. */
const TOUCHED_SQL = `
  select 'function' as kind, format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes)) as identity,
         null::text as rel, null::text as name, n.nspname::text as sch, p.proname::text as nm,
         format('drop function %I.%I(%s)', n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes)) as drop_sql
    from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where p.xmin = $1::xid
  union all
  select 'view', format('%I.%I', n.nspname, c.relname), null, null, n.nspname::text, c.relname::text,
         format('drop view %I.%I', n.nspname, c.relname)
    from pg_catalog.pg_rewrite r join pg_catalog.pg_class c on c.oid = r.ev_class join pg_catalog.pg_namespace n on n.oid = c.relnamespace
   where r.xmin = $1::xid and r.rulename = '_RETURN' and c.relkind = 'v'
  union all
  select 'policy', format('%I on %I.%I', pol.polname, n.nspname, c.relname), format('%I.%I', n.nspname, c.relname), pol.polname::text,
         n.nspname::text, pol.polname::text, format('drop policy %I on %I.%I', pol.polname, n.nspname, c.relname)
    from pg_catalog.pg_policy pol join pg_catalog.pg_class c on c.oid = pol.polrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
   where pol.xmin = $1::xid
  union all
  select 'trigger', format('%I on %I.%I', t.tgname, n.nspname, c.relname), format('%I.%I', n.nspname, c.relname), t.tgname::text,
         n.nspname::text, t.tgname::text, format('drop trigger %I on %I.%I', t.tgname, n.nspname, c.relname)
    from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
   where t.xmin = $1::xid and not t.tgisinternal and t.tgparentid = 0`;

const re = (name: string) => `"?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?`;
/**
 * Whether the file's text creates the object (rather than only granting on it or commenting it,
 * which writes the same catalog row): a CREATE statement naming it. An object made by dynamic SQL
 * is not matched, so it is never dropped by this.
 */
export function createsObject(sql: string, o: { kind: string; sch: string; nm: string }): boolean {
  const qualified = `(${re(o.sch)}\\s*\\.\\s*)?${re(o.nm)}`;
  const pattern = {
    function: `create\\s+(or\\s+replace\\s+)?(function|procedure)\\s+${qualified}\\s*\\(`,
    view: `create\\s+(or\\s+replace\\s+)?(recursive\\s+)?view\\s+${qualified}(\\s|\\(|$)`,
    policy: `create\\s+policy\\s+${re(o.nm)}\\s+on\\s`,
    trigger: `create\\s+(or\\s+replace\\s+)?(constraint\\s+)?trigger\\s+${re(o.nm)}\\s`,
  }[o.kind];
  return pattern !== undefined && new RegExp(pattern, "i").test(sql);
}

/** The xmin of a recorded object's catalog row as a number, or null when the object is gone. */
const XMIN_SQL = `
  select case $1
    when 'function' then (select p.xmin::text::bigint from pg_catalog.pg_proc p where p.oid = to_regprocedure($2))
    when 'view' then (select r.xmin::text::bigint from pg_catalog.pg_rewrite r where r.ev_class = to_regclass($2) and r.rulename = '_RETURN')
    when 'policy' then (select pol.xmin::text::bigint from pg_catalog.pg_policy pol where pol.polrelid = to_regclass($3) and pol.polname = $4)
    when 'trigger' then (select t.xmin::text::bigint from pg_catalog.pg_trigger t where t.tgrelid = to_regclass($3) and t.tgname = $4)
  end as x`;

interface TrackedObject {
  kind: string;
  identity: string;
  sch?: string;
  nm?: string;
  rel: string | null;
  name: string | null;
  drop_sql: string;
}

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
  opts: { force?: boolean; root?: string; log?: (line: string) => void } = {},
): Promise<ApplyReport> {
  // the files of a folder (db/ by default) are all of its definitions: what is not among them is gone
  const root = opts.root ?? dbDir;
  const files = listDefinitions(root);
  const source = sourceOf(root);
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
    // objects are tracked from the first apply that knows how: that one applies every file
    const tracked = (await c.query(`select count(*)::int as n from ssot_meta.definition_objects`)).rows[0].n as number;
    const all = reason !== "changed" || tracked === 0;
    const report: ApplyReport = {
      applied: [], skipped: [], cronSkipped: false, cronPruned: [], dropped: [], dropFailed: [],
      reason: reason === "changed" && tracked === 0 ? "first-tracking" : reason,
    };
    // the run's own transaction id: a catalog row written since is this run's work
    const runXid = Number((await c.query(`select pg_current_xact_id()::text as x`)).rows[0].x) % 2 ** 32;
    await c.query(`create temp table if not exists ssot_apply_marker (n int) on commit drop`);
    const stale: TrackedObject[] = [];
    const touchedBy = new Map<string, string>(); // object -> the first file of this run that created it
    for (const f of files) {
      if (f.group === "cron" && !hasCron) {
        report.cronSkipped = true;
        continue;
      }
      if (!all && known.get(f.key) === f.checksum) {
        report.skipped.push(f.key);
        continue;
      }
      let touched: TrackedObject[];
      try {
        await c.query(`savepoint definition_file`);
        // a definition may record where it comes from (ops.cron_declare does)
        await c.query(`select set_config('ssot.definition_file', $1, true)`, [f.key]);
        await c.query(f.sql);
        // the subtransaction's xid, read off a row it writes: the objects it created or replaced
        const sub = (await c.query(`insert into ssot_apply_marker values (1) returning xmin::text as x`)).rows[0].x as string;
        touched = ((await c.query(TOUCHED_SQL, [sub])).rows as Required<TrackedObject>[]).filter((o) => createsObject(f.sql, o));
        await c.query(`release savepoint definition_file`);
      } catch (e) {
        const err = e as Error & { position?: string };
        throw new Error(`db/${f.key}: ${err.message}${err.position ? ` (at character ${err.position})` : ""}`);
      }
      const mine = new Set(touched.map((o) => `${o.kind}:${o.identity}`));
      const before = (await c.query(`select kind, identity, rel, name, drop_sql from ssot_meta.definition_objects where key = $1 and source = $2`, [f.key, source])).rows as TrackedObject[];
      stale.push(...before.filter((o) => !mine.has(`${o.kind}:${o.identity}`)));
      for (const o of touched) {
        if (!touchedBy.has(`${o.kind}:${o.identity}`)) touchedBy.set(`${o.kind}:${o.identity}`, f.key);
        // an object belongs to the first file that created it (a later file granting on it does not take it)
        await c.query(
          `insert into ssot_meta.definition_objects (kind, identity, key, source, rel, name, drop_sql) values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (kind, identity) do nothing`,
          [o.kind, o.identity, f.key, source, o.rel, o.name, o.drop_sql],
        );
      }
      await c.query(
        `insert into ssot_meta.definitions (key, checksum) values ($1, $2)
         on conflict (key) do update set checksum = excluded.checksum, applied_at = now()`,
        [f.key, f.checksum],
      );
      report.applied.push(f.key);
      log(`applied db/${f.key}`);
    }
    // the objects of deleted files, and those a file no longer creates
    stale.push(...((await c.query(`select kind, identity, rel, name, drop_sql from ssot_meta.definition_objects where source = $1 and not (key = any ($2::text[]))`,
      [source, files.map((f) => f.key)])).rows as TrackedObject[]));
    // drop what is no longer defined; retried until nothing more goes, so that among the objects
    // to drop, dependents (a view on a function, a trigger on its function) go first
    let pending: TrackedObject[] = [];
    for (const o of stale) {
      const owner = touchedBy.get(`${o.kind}:${o.identity}`);
      if (owner) {
        // another file of this run creates it: it is still defined, and now that file's
        await c.query(`update ssot_meta.definition_objects set key = $3 where kind = $1 and identity = $2`, [o.kind, o.identity, owner]);
        continue;
      }
      const x = (await c.query(XMIN_SQL, [o.kind, o.identity, o.rel, o.name])).rows[0].x as string | null;
      if (x === null) {
        await c.query(`delete from ssot_meta.definition_objects where kind = $1 and identity = $2`, [o.kind, o.identity]);
        continue;
      }
      // written in this run all the same (e.g. inside a nested block): leave it and its record
      if ((Number(x) - runXid + 2 ** 32) % 2 ** 32 < 2 ** 31) continue;
      pending.push(o);
    }
    const errors = new Map<string, string>();
    for (let progress = true; progress && pending.length; ) {
      progress = false;
      const left: TrackedObject[] = [];
      for (const o of pending) {
        try {
          await c.query(`savepoint definition_drop`);
          await c.query(o.drop_sql);
          await c.query(`release savepoint definition_drop`);
          await c.query(`delete from ssot_meta.definition_objects where kind = $1 and identity = $2`, [o.kind, o.identity]);
          report.dropped.push(`${o.kind} ${o.identity}`);
          log(`dropped ${o.kind} ${o.identity} (its definition file no longer creates it)`);
          progress = true;
        } catch (e) {
          await c.query(`rollback to savepoint definition_drop`);
          errors.set(`${o.kind} ${o.identity}`, (e as Error).message);
          left.push(o);
        }
      }
      pending = left;
    }
    for (const o of pending) {
      // kept with its record: the next apply tries again
      const msg = errors.get(`${o.kind} ${o.identity}`)!;
      report.dropFailed.push(`${o.kind} ${o.identity}: ${msg}`);
      log(`could not drop ${o.kind} ${o.identity}: ${msg} (drop it in a migration)`);
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
