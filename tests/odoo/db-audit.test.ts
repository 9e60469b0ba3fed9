// `ssot odoo-db audit` (docs/odoo.md, "Auditing the Odoo database") on a scratch database of the
// test cluster laid out as Odoo names its tables (only the columns the audit reads): quiet on a
// clean, provisioned database; a planted doadmin session of Odoo (Critical, exit 1), an active
// ir_cron job and a secret-like parameter (its key named, its value printed nowhere); roles that
// drifted from provision; a database that is not Odoo's. And it writes nothing.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withClient, withDatabase } from "../../src/db/client.ts";
import { secretValuePatternSql, type AuditReport, type Finding } from "../../src/odoo/audit.ts";
import { provisionOdooDb } from "../../src/odoo/dbroles.ts";
import { requireTestEnv } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";
import { dropRoles, lockOdooRoles } from "../support/odoo-roles.ts";

const root = () => requireTestEnv().rootUrl;
const suffix = randomBytes(4).toString("hex");
const dbName = `ssot_odoo_audit_${suffix}`;
const plainDb = `ssot_not_odoo_${suffix}`;
const doadminPw = randomBytes(12).toString("hex");
const SECRET_VALUE = "sk-" + "Zq7Lm2Np9Rt4Vx8Bc3Df6Gh1Jk5";
const URL_SECRET = "postgres://n8n:hunter2-" + suffix + "@db.internal/n8n";
let url: string;
let release: () => Promise<void>;

const audit = (...extra: string[]) => runCli(["odoo-db", "audit", "--database-url", url, ...extra], { inherit: true });
const json = (...extra: string[]) => {
  const r = audit("--json", ...extra);
  return { ...r, report: JSON.parse(r.out) as AuditReport };
};
/** The findings, without the connection count (the cluster is shared with other test files). */
const steady = (r: AuditReport) => r.findings.filter((f) => f.check !== "connections");
const brief = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.check} ${f.subject}`);

beforeAll(async () => {
  release = await lockOdooRoles(root());
  await withClient(root(), async (c) => {
    await c.query(`create database ${dbName}`);
    await c.query(`create database ${plainDb}`);
  });
  url = withDatabase(root(), dbName);
  await withClient(url, (c) =>
    c.query(`create table ir_cron (id serial primary key, cron_name jsonb not null, active boolean, interval_number integer, interval_type varchar, nextcall timestamp not null);
             create table ir_config_parameter (id serial primary key, key varchar not null unique, value text not null);
             create table res_partner (id serial primary key, name text);
             insert into ir_cron (cron_name, active, interval_number, interval_type, nextcall)
             values ('{"en_US": "Mail: Email Queue Manager"}', false, 1, 'minutes', '2026-01-01 00:00');
             insert into ir_config_parameter (key, value)
             values ('database.uuid', '0e0c4b1a-3f0e-11ef-9a57-0242ac120002'), ('web.base.url', 'https://erp.example.com'),
                    ('database.secret', 'b3f7c2d0-6a1e-4a4f-9d2b-8c1f0e7a5d43');`));
  await provisionOdooDb(url);
}, 300_000);

afterAll(async () => {
  await withClient(root(), async (c) => {
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.query(`drop database if exists ${plainDb} with (force)`);
  });
  await dropRoles(root(), ["doadmin_audit_group", "doadmin", "odoo_app", "superset_ro"]);
  await release?.();
});

const fingerprint = () =>
  withClient(url, async (c) =>
    (await c.query(`select (select md5(string_agg(t::text, ',' order by t.id)) from ir_cron t) as cron,
                           (select md5(string_agg(p::text, ',' order by p.id)) from ir_config_parameter p) as params,
                           (select md5(string_agg(r::text, ',' order by r.rolname)) from (select rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolconfig from pg_roles) r) as roles,
                           (select md5(string_agg(c.relname || coalesce(c.relacl::text, ''), ',' order by c.relname)) from pg_class c where c.relnamespace = 'public'::regnamespace) as acls,
                           (select count(*) from pg_class where relnamespace = 'public'::regnamespace) as relations`)).rows[0]);

it("is quiet on a clean, provisioned Odoo database (exit 0), in a read-only transaction that writes nothing", async () => {
  const before = await fingerprint();
  const r = json();
  expect(r.code).toBe(0);
  expect(steady(r.report)).toEqual([]);
  expect(r.report).toMatchObject({ database: dbName, read_only: true, xid_assigned: false });
  expect(r.report.connections.max).toBe(200);
  expect(await fingerprint()).toEqual(before);
  const human = audit();
  expect(human.code).toBe(0);
  expect(human.out).not.toMatch(/Critical|High|Medium/);
  expect(human.out).toMatch(/read-only audit of ssot_odoo_audit_\w+ as postgres/);
});

it("reports Odoo connected as doadmin (Critical, exit 1), an active ir_cron job and secret-like parameters by key only", async () => {
  await withClient(root(), (c) => c.query(`create role doadmin login superuser password '${doadminPw}'`));
  await withClient(url, async (c) => {
    await c.query(`insert into ir_cron (cron_name, active, interval_number, interval_type, nextcall)
                   values ('{"en_US": "Platform: nightly n8n sync"}', true, 1, 'days', '2026-12-02 17:00')`);
    await c.query(`insert into ir_config_parameter (key, value) values ('ipai.openai_api_key', $1), ('ipai.n8n_dsn', $2)`, [SECRET_VALUE, URL_SECRET]);
  });
  const u = new URL(url);
  u.username = "doadmin";
  u.password = doadminPw;
  const odoo = new pg.Client({ connectionString: u.toString(), application_name: "odoo" });
  await odoo.connect();
  try {
    const before = await fingerprint();
    const r = json();
    expect(r.code).toBe(1);
    expect(brief(steady(r.report))).toEqual([
      `Critical sessions doadmin via "odoo"`,
      "High ir_cron Platform: nightly n8n sync",
      "High ir_config_parameter ipai.n8n_dsn",
      "High ir_config_parameter ipai.openai_api_key",
    ]);
    expect(r.report.findings[0]!.message).toMatch(/^1 session: Odoo connects as doadmin/);
    expect(r.report.findings[1]!.message).toMatch(/every 1 days, next 2026-12-02 17:00/);
    expect(r.report).toMatchObject({ read_only: true, xid_assigned: false });
    expect(await fingerprint()).toEqual(before);

    const human = audit();
    expect(human.code).toBe(1);
    expect(human.out).toMatch(/Critical\s+sessions\s+doadmin via "odoo": 1 session: Odoo connects as doadmin/);
    expect(human.out).toMatch(/High\s+ir_config_parameter\s+ipai\.openai_api_key: the value looks like a credential/);
    for (const out of [r.out, r.err, human.out, human.err]) {
      expect(out).not.toContain(SECRET_VALUE);
      expect(out).not.toContain("Zq7Lm2");
      expect(out).not.toContain(`hunter2-${suffix}`);
    }
  } finally {
    await odoo.end();
  }
  // Odoo gone, the job off, the parameters removed: quiet again
  await withClient(url, (c) => c.query(`update ir_cron set active = false; delete from ir_config_parameter where key like 'ipai.%'`));
  const after = json();
  expect(after.code).toBe(0);
  expect(steady(after.report)).toEqual([]);
});

it("another superuser session is High, not Critical (break-glass work), and the audit's own session is never listed", async () => {
  const u = new URL(url);
  u.username = "doadmin";
  u.password = doadminPw;
  const admin = new pg.Client({ connectionString: u.toString(), application_name: "psql" });
  await admin.connect();
  try {
    const r = json();
    expect(r.code).toBe(0);
    expect(brief(steady(r.report))).toEqual([`High sessions doadmin via "psql"`]);
    const own = runCli(["odoo-db", "audit", "--json", "--database-url", u.toString()], { inherit: true });
    expect(brief(steady(JSON.parse(own.out)))).toEqual([`High sessions doadmin via "psql"`]);
    expect(JSON.parse(own.out).audited_as).toBe("doadmin");
  } finally {
    await admin.end();
  }
});

it("reports roles that drifted from provision, and is quiet once provision has fixed them", async () => {
  await withClient(url, (c) =>
    c.query(`alter role odoo_app superuser createdb;
             create role doadmin_audit_group createrole;
             grant doadmin_audit_group to superset_ro;
             grant insert, delete on res_partner to superset_ro;
             alter role superset_ro reset all;`));
  const r = json();
  expect(r.code).toBe(1);
  expect(brief(steady(r.report))).toEqual([
    "Critical roles odoo_app",
    "High roles odoo_app",
    "High roles superset_ro",
    "High roles superset_ro",
    "Medium roles superset_ro",
  ]);
  const messages = steady(r.report).map((f) => f.message);
  expect(messages).toEqual([
    "is a superuser (provision sets nosuperuser)",
    "has createdb (provision sets none of them)",
    "is a member of doadmin_audit_group, which holds powers provision keeps from it (SET ROLE hands them back)",
    "holds write privileges on 1 public relation: res_partner (it must only SELECT)",
    "lacks the settings default_transaction_read_only=on, statement_timeout (provision sets them)",
  ]);
  await provisionOdooDb(url);
  expect(steady(json().report)).toEqual([]);
});

it("names a missing role (Medium for superset_ro) and a database that is not Odoo's (Critical), without crashing", async () => {
  await withClient(url, (c) => c.query(`drop owned by superset_ro`));
  await dropRoles(root(), ["superset_ro"]);
  expect(brief(steady(json().report))).toEqual(["Medium roles superset_ro"]);
  await provisionOdooDb(url);

  const plain = runCli(["odoo-db", "audit", "--json", "--database-url", withDatabase(root(), plainDb)], { inherit: true });
  expect(plain.code).toBe(1);
  const report = JSON.parse(plain.out) as AuditReport;
  expect(brief(steady(report))).toEqual(["Critical odoo_tables public.ir_config_parameter, public.ir_cron"]);
  expect(report.findings[0]!.message).toMatch(/not an Odoo database/);
  const human = runCli(["odoo-db", "audit", "--database-url", withDatabase(root(), plainDb)], { inherit: true });
  expect(human.code).toBe(1);
  expect(human.err).toBe("");
});

it("matches values with ssot's one secret pattern, read from its definition; refuses a bad URL (64) and an unreachable database (2)", async () => {
  // the expression the audit evaluates is the body of advisor.secret_value_pattern(): same value
  const same = await withClient(requireTestEnv().cronUrl, (c) =>
    c.query(`select (${secretValuePatternSql()}) = advisor.secret_value_pattern() as same`).then((q) => q.rows[0].same));
  expect(same).toBe(true);
  expect(() => secretValuePatternSql("/dev/null")).toThrow(/advisor.secret_value_pattern\(\) is not one SELECT/);
  const bad = runCli(["odoo-db", "audit", "--database-url", "odoo.example.com"], { inherit: true });
  expect(bad.code).toBe(64);
  const unreachable = runCli(["odoo-db", "audit", "--database-url", withDatabase(root(), `no_such_db_${suffix}`)], { inherit: true });
  expect(unreachable.code).toBe(2);
  expect(unreachable.err).toMatch(/cannot connect/);
});
