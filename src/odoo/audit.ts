// `ssot odoo-db audit`: a read-only look at an Odoo database (docs/odoo.md, "Auditing the Odoo
// database"). Everything runs in one READ ONLY transaction that is rolled back; the report says
// whether the transaction was read-only and whether it was ever given a transaction id (it is only
// when something is written). Findings carry a severity; values of Odoo's parameters are never read
// into the report, only the keys of those that look like secrets.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { dbDir } from "../cluster/paths.ts";
import { connectTimeoutMs, ConnectError } from "../db/client.ts";
import { roleFindings } from "./audit-roles.ts";

export type Severity = "Critical" | "High" | "Medium" | "Info";
export const SEVERITIES: Severity[] = ["Critical", "High", "Medium", "Info"];

export interface Finding {
  severity: Severity;
  check: "sessions" | "roles" | "ir_cron" | "ir_config_parameter" | "connections" | "odoo_tables";
  subject: string;
  message: string;
}

export interface AuditReport {
  database: string;
  audited_as: string;
  /** transaction_read_only as the audit's transaction saw it at its end */
  read_only: boolean;
  /** whether the audit's transaction was given a transaction id (only a write does that) */
  xid_assigned: boolean;
  connections: { used: number; max: number };
  findings: Finding[];
}

/**
 * The project's one rule of what looks like a secret is advisor.secret_value_pattern() in ssot's
 * own database (db/functions/advisor/helpers/secret_patterns.sql), which an Odoo database does not
 * have. Its body (one SQL expression) is read from that file and evaluated by the Odoo server, so
 * the same regular expression runs with the same engine (PostgreSQL's `~`): one source, no copy.
 */
export function secretValuePatternSql(file = path.join(dbDir, "functions", "advisor", "helpers", "secret_patterns.sql")): string {
  const text = fs.readFileSync(file, "utf8");
  const m = /create or replace function advisor\.secret_value_pattern\(\)[\s\S]*?\bas \$\$([\s\S]*?)\$\$;/i.exec(text);
  if (!m || !/^\s*select\s/i.test(m[1]!) || /;/.test(m[1]!)) throw new Error(`${file}: advisor.secret_value_pattern() is not one SELECT as the audit expects`);
  return m[1]!.trim();
}

/** Sessions on this database as doadmin or a superuser (the audit's own excluded), by application. */
async function sessionFindings(c: pg.Client): Promise<Finding[]> {
  const r = await c.query(`
    select a.usename::text as usename, coalesce(a.application_name, '') as app, count(*)::int as n
      from pg_catalog.pg_stat_activity a join pg_catalog.pg_roles r on r.oid = a.usesysid
     where a.datname = pg_catalog.current_database() and a.pid <> pg_catalog.pg_backend_pid()
       and coalesce(a.backend_type, 'client backend') = 'client backend'
       and (a.usename = 'doadmin' or r.rolsuper)
     group by 1, 2 order by 1, 2`);
  return r.rows.map((s): Finding => {
    const who = `${s.usename} via ${s.app ? JSON.stringify(s.app) : "(no application_name)"}`;
    const count = `${s.n} session${s.n > 1 ? "s" : ""}`;
    return /^odoo/i.test(s.app)
      ? { severity: "Critical", check: "sessions", subject: who, message: `${count}: Odoo connects as ${s.usename} (seed 003 §9, the top open gap): any bug in Odoo runs with the admin's rights; connect it as odoo_app` }
      : { severity: "High", check: "sessions", subject: who, message: `${count} as ${s.usename}: the admin role is for break-glass work only (seed 003 §2.1); find the consumer` };
  });
}

/** The public tables of Odoo's the audit reads that are missing. */
async function missingOdooTables(c: pg.Client): Promise<string[]> {
  const r = await c.query(`select t from unnest(array['ir_cron', 'ir_config_parameter']) t where pg_catalog.to_regclass('public.' || t) is null order by 1`);
  return r.rows.map((x) => x.t as string);
}

/** A cron_name as Odoo stores it: text, or a translated jsonb ({"en_US": …}) since Odoo 16. */
export function cronName(raw: string | null, id: number): string {
  if (!raw) return `ir_cron #${id}`;
  if (raw.startsWith("{")) {
    try {
      const o = JSON.parse(raw) as Record<string, string>;
      return o.en_US ?? Object.values(o)[0] ?? `ir_cron #${id}`;
    } catch {
      /* plain text that starts with a brace */
    }
  }
  return raw;
}

/** Active scheduled actions: Odoo must not schedule the platform's jobs. */
async function cronFindings(c: pg.Client): Promise<Finding[]> {
  const hasName = (await c.query(`select from pg_catalog.pg_attribute where attrelid = 'public.ir_cron'::regclass and attname = 'cron_name' and not attisdropped`)).rowCount;
  const r = await c.query(`
    select id, ${hasName ? "cron_name::text" : "null::text"} as name, interval_number, interval_type,
           to_char(nextcall, 'YYYY-MM-DD HH24:MI') as nextcall
      from public.ir_cron where active order by nextcall nulls last, id`);
  return r.rows.map((j): Finding => ({
    severity: "High", check: "ir_cron", subject: cronName(j.name, j.id),
    message: `active scheduled action (ir_cron ${j.id}): every ${j.interval_number} ${j.interval_type}, next ${j.nextcall ?? "-"}; the platform's jobs belong to pg_cron/n8n, not to Odoo`,
  }));
}

/** Keys of ir_config_parameter whose value looks like a secret (the value stays in the database). */
async function parameterFindings(c: pg.Client): Promise<Finding[]> {
  const pattern = (await c.query(`select (${secretValuePatternSql()}) as p`)).rows[0].p as string;
  const r = await c.query(`select key from public.ir_config_parameter where value::text ~ $1 order by key`, [pattern]);
  return r.rows.map((p): Finding => ({
    severity: "High", check: "ir_config_parameter", subject: p.key,
    message: "the value looks like a credential (advisor.secret_value_pattern); keep credentials out of Odoo's parameters, rotate it",
  }));
}

/** Client connections of the whole server against max_connections (High above 80 %, Info above 50 %). */
async function connectionCounts(c: pg.Client): Promise<{ used: number; max: number; findings: Finding[] }> {
  const r = await c.query(`
    select count(*) filter (where coalesce(backend_type, 'client backend') = 'client backend' and usesysid is not null)::int as used,
           pg_catalog.current_setting('max_connections')::int as max
      from pg_catalog.pg_stat_activity`);
  const { used, max } = r.rows[0] as { used: number; max: number };
  const pct = Math.round((used / max) * 100);
  const findings: Finding[] = [];
  if (used > 0.8 * max) findings.push({ severity: "High", check: "connections", subject: "max_connections", message: `${used} of ${max} connections in use (${pct} %): new logins will soon be refused` });
  else if (used > 0.5 * max) findings.push({ severity: "Info", check: "connections", subject: "max_connections", message: `${used} of ${max} connections in use (${pct} %)` });
  return { used, max, findings };
}

/** The read-only audit of the Odoo database at `url`. */
export async function auditOdooDb(url: string): Promise<AuditReport> {
  const c = new pg.Client({ connectionString: url, application_name: "ssot odoo-db audit", connectionTimeoutMillis: connectTimeoutMs() });
  try {
    await c.connect();
  } catch (e) {
    await c.end().catch(() => {});
    throw new ConnectError(url, e as Error);
  }
  try {
    await c.query("begin transaction isolation level repeatable read, read only");
    await c.query(`set local statement_timeout = '60s'`);
    const who = (await c.query(`select pg_catalog.current_database() as db, current_user as me`)).rows[0];
    const findings = [...(await sessionFindings(c)), ...(await roleFindings(c))];
    const missing = await missingOdooTables(c);
    if (missing.length)
      findings.push({ severity: "Critical", check: "odoo_tables", subject: missing.map((t) => `public.${t}`).join(", "),
        message: `missing: this is not an Odoo database (or Odoo is not installed in it), so Odoo's scheduled actions and parameters were not audited` });
    if (!missing.includes("ir_cron")) findings.push(...(await cronFindings(c)));
    if (!missing.includes("ir_config_parameter")) findings.push(...(await parameterFindings(c)));
    const conn = await connectionCounts(c);
    findings.push(...conn.findings);
    const proof = (await c.query(`select pg_catalog.current_setting('transaction_read_only') = 'on' as ro, pg_catalog.pg_current_xact_id_if_assigned() is not null as xid`)).rows[0];
    findings.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
    return { database: who.db, audited_as: who.me, read_only: proof.ro, xid_assigned: proof.xid, connections: { used: conn.used, max: conn.max }, findings };
  } finally {
    await c.query("rollback").catch(() => {});
    await c.end().catch(() => {});
  }
}
