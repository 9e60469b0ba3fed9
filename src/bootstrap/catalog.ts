// pg_catalog exposure: table statistics and large-object creation revoked from PUBLIC.
import type pg from "pg";
import { execIfAllowed, existingRoles } from "./privileges.ts";

/** pg_catalog views and functions that give every role row counts and write rates of every table. */
const STATS_OBJECTS_SQL = `
  select * from (
  select 'table' as kind, format('pg_catalog.%I', c.relname) as fq, c.oid
    from pg_catalog.pg_class c
   where c.relnamespace = 'pg_catalog'::regnamespace and c.relkind = 'v'
     and (c.relname ~ '^pg_stat(io)?_(xact_)?(all|user|sys)_(tables|indexes|sequences)$'
          or c.relname in ('pg_stat_user_functions', 'pg_stat_xact_user_functions'))
  union all
  select 'function', p.oid::regprocedure::text, p.oid
    from pg_catalog.pg_proc p
   where p.pronamespace = 'pg_catalog'::regnamespace
     and ((p.proname like 'pg\_stat\_get\_%' and p.pronargs = 1 and p.proargtypes[0] = 'oid'::regtype
           and p.proname not like 'pg\_stat\_get\_db\_%' and p.proname not like 'pg\_stat\_get\_subscription%')
          or p.proname in ('lo_create', 'lo_creat', 'lo_from_bytea', 'lo_import'))
  ) o order by kind desc, fq collate "C"`;

/**
 * Revokes from PUBLIC what the API roles need not see or do in pg_catalog: the per-table, per-index
 * and per-function statistics (pg_stat_user_tables and its kin, the pg_stat_get_*(oid) counters
 * behind them: row counts and write rates of every table, whatever RLS hides) and creating large
 * objects (lo_create, lo_creat, lo_from_bytea, lo_import: storage outside any table, RLS or quota).
 * The statistics stay readable by pg_monitor (and so by monitoring roles and, on Supabase, by
 * `postgres`). Only pg_catalog's owner (the bootstrap superuser) can revoke these: on Supabase that
 * is supabase_admin, so there this returns one line with what is left and the statements; the
 * doctor reports it (catalog_exposure).
 */
export async function revokeCatalogExposure(c: pg.Client, supabase: boolean): Promise<string | undefined> {
  const objs = (await c.query(STATS_OBJECTS_SQL)).rows as { kind: "table" | "function"; fq: string }[];
  const stats = (kind: string) => objs.filter((o) => o.kind === kind && !/^pg_catalog\.lo_|^lo_/.test(o.fq)).map((o) => o.fq);
  const lo = objs.filter((o) => /^(pg_catalog\.)?lo_/.test(o.fq)).map((o) => o.fq);
  const statements: string[] = [];
  if (stats("table").length) statements.push(`revoke select on ${stats("table").join(", ")} from public`);
  if (stats("function").length) statements.push(`revoke execute on function ${stats("function").join(", ")} from public`);
  if (lo.length) statements.push(`revoke execute on function ${lo.join(", ")} from public`);
  for (const s of statements) await execIfAllowed(c, s);
  const hasMonitor = (await c.query(`select 1 from pg_catalog.pg_roles where rolname = 'pg_monitor'`)).rowCount;
  if (hasMonitor) {
    if (stats("table").length) await execIfAllowed(c, `grant select on ${stats("table").join(", ")} to pg_monitor`);
    if (stats("function").length) await execIfAllowed(c, `grant execute on function ${stats("function").join(", ")} to pg_monitor`);
  }
  const roles = await existingRoles(c, ["anon", "authenticated", "service_role"]);
  const left = (await c.query(
    `with o as (${STATS_OBJECTS_SQL})
     select o.fq, case when o.fq ~ '^(pg_catalog\.)?lo_' then 'lo' else 'stats' end as what
       from o where exists (select from pg_catalog.pg_roles r where r.rolname = any ($1::text[])
                            and case o.kind when 'table' then pg_catalog.has_table_privilege(r.oid, o.oid, 'select')
                                            else pg_catalog.has_function_privilege(r.oid, o.oid, 'execute') end)`,
    [roles],
  )).rows as { fq: string; what: string }[];
  if (left.length === 0) return undefined;
  const owner = (await c.query(`select pg_catalog.pg_get_userbyid(nspowner) as o from pg_catalog.pg_namespace where nspname = 'pg_catalog'`)).rows[0].o as string;
  const nStats = left.filter((l) => l.what === "stats").length;
  const los = left.filter((l) => l.what === "lo").map((l) => l.fq);
  const parts = [nStats ? `read table statistics (${nStats} views and counters, such as pg_catalog.pg_stat_user_tables)` : "", los.length ? `create large objects (${los.join(", ")})` : ""].filter(Boolean);
  return `${roles.join(", ")} can still ${parts.join(" and ")} through PUBLIC: only the owner of pg_catalog, ${owner}, can revoke that; run as ${owner}${supabase ? " (on Supabase: ask support)" : ""}: ${statements.join("; ")}`;
}

