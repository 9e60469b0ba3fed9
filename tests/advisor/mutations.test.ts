// Mutation tests of `ssot check`: each plants one way of breaking the doctrine on a migrated
// database, sees `ssot check` exit 1 naming the object, repairs it and sees exit 0 again. Role
// attributes are cluster-wide, so planting them here would break the other test files running at
// the same time: db/tests/advisor/doctrine_mutations.sql plants those inside a transaction instead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;
let guardDef = "";
let dbName = "";
beforeAll(async () => {
  db = await createTestDatabase("mutations");
  dbName = new URL(db.url).pathname.slice(1);
  guardDef = (await sql(`select pg_get_functiondef('ops.tg__append_only()'::regprocedure) as d`)).rows[0].d;
});
afterAll(async () => {
  await db?.drop();
});

const sql = (q: string) => withClient(db.url, (c) => c.query(q));

function check() {
  const r = runCli(["check", "--database-url", db.url, "--json"], { inherit: true });
  const report = r.out ? (JSON.parse(r.out) as { ok: boolean; failures: { check_name: string; object: string; fix: string }[] }) : null;
  return { code: r.code, report, err: r.err };
}

/** Each mutation: SQL that plants it, SQL that repairs it, and a failure (check_name and object) it must cause. */
const mutations: { name: string; make: () => string; undo: () => string; failure: RegExp }[] = [
  {
    name: "a postgres_fdw server pointing at the Odoo database",
    make: () => `create extension postgres_fdw; create server m_odoo foreign data wrapper postgres_fdw options (host 'odoo-db.internal', dbname 'odoo')`,
    undo: () => `drop extension postgres_fdw cascade`,
    failure: /^doctrine_lint fdw_to_odoo m_odoo$/,
  },
  {
    name: "dblink installed",
    make: () => `create extension dblink`,
    undo: () => `drop extension dblink`,
    failure: /^doctrine_lint fdw_to_odoo dblink$/,
  },
  {
    name: "a literal GitHub token in a cron command",
    // written around ops.cron_declare (which refuses it), as someone with the table would
    make: () => `insert into ops.cron_jobs (name, schedule, local_time, command, description, kind, enabled)
                 values ('m-leak', '0 0 * * *', 'x', $c$select net.http_get('https://api.github.com', headers => '{"authorization": "token ghp_abcdefghijklmnopqrstuvwxyz0123456789"}')$c$, 'x', 'n8n', false)`,
    undo: () => `delete from ops.cron_jobs where name = 'm-leak'`,
    failure: /^doctrine_lint cron_literal_secrets /,
  },
  {
    name: "an API key stored in a table outside the vault",
    make: () => `create table ops.m_settings (id int primary key, note text); alter table ops.m_settings enable row level security;
                 comment on table ops.m_settings is 'm'; insert into ops.m_settings values (1, 'key: sk-proj-Xk29dLw0Qm8vTz7RbN4aPq1Y')`,
    undo: () => `drop table ops.m_settings`,
    failure: /^doctrine_lint secrets_outside_vault ops\.m_settings\.note$/,
  },
  {
    name: "the append-only trigger of control_plane.access_log disabled",
    make: () => `alter table control_plane.access_log disable trigger _100_append_only_row`,
    undo: () => `alter table control_plane.access_log enable trigger _100_append_only_row`,
    failure: /^append_only control_plane\.access_log$/,
  },
  {
    name: "UPDATE granted on control_plane.access_log",
    make: () => `grant update on control_plane.access_log to service_role`,
    undo: () => `revoke update on control_plane.access_log from service_role`,
    failure: /^append_only control_plane\.access_log$/,
  },
  {
    name: "ops.tg__append_only() rewritten to let every change through",
    make: () => `create or replace function ops.tg__append_only() returns trigger language plpgsql set search_path = pg_catalog, pg_temp as $f$ begin return coalesce(new, old); end $f$`,
    undo: () => guardDef,
    failure: /^events_append_only ops\.tg__append_only\(\)$/,
  },
  {
    name: "a connection string with a password in a function body",
    make: () => `create function ops.m_odoo_dsn() returns text language sql set search_path = pg_catalog, pg_temp as $f$ select 'postgresql://odoo:hunter2hunter2@db.internal/odoo' $f$;
                 revoke execute on function ops.m_odoo_dsn() from public; comment on function ops.m_odoo_dsn() is 'm'`,
    undo: () => `drop function ops.m_odoo_dsn()`,
    failure: /^credential_in_sql ops\.m_odoo_dsn\(\)$/,
  },
  {
    name: "a connection string with a password in a view",
    make: () => `create view ops.m_dsn_view with (security_invoker = true) as select 'postgresql://odoo:hunter2hunter2@db.internal/odoo'::text as dsn;
                 comment on view ops.m_dsn_view is 'm'`,
    undo: () => `drop view ops.m_dsn_view`,
    failure: /^credential_in_sql ops\.m_dsn_view$/,
  },
  {
    name: "a connection string with a password as a column default",
    make: () => `alter table ops.job_runs add column m_dsn text default 'postgresql://odoo:hunter2hunter2@db.internal/odoo'`,
    undo: () => `alter table ops.job_runs drop column m_dsn`,
    failure: /^credential_in_sql ops\.job_runs\.m_dsn$/,
  },
  {
    name: "an API key in a database setting",
    make: () => `alter database ${dbName} set app.key = 'sk-proj-abcdefghijklmnopqrstuvwx'`,
    undo: () => `alter database ${dbName} reset app.key`,
    failure: /^credential_in_sql database /,
  },
  {
    name: "a connection string in a role's setting for this database",
    make: () => `alter role authenticator in database ${dbName} set app.odoo = 'postgresql://odoo:hunter2hunter2@db.internal/odoo'`,
    undo: () => `alter role authenticator in database ${dbName} reset app.odoo`,
    failure: /^credential_in_sql role authenticator in database /,
  },
  {
    name: "Superset's read-only account allowed to read the event log",
    make: () => `grant select on ops.events to superset_reader`,
    undo: () => `revoke select on ops.events from superset_reader`,
    failure: /^superset_reader ops\.events$/,
  },
  {
    name: "Superset's read-only account allowed to write a KPI value",
    make: () => `grant insert, update on analytics.kpi_values to superset_reader`,
    undo: () => `revoke insert, update on analytics.kpi_values from superset_reader`,
    failure: /^superset_reader analytics\.kpi_values$/,
  },
  // the rest of the doctrine table (SPEC §1): schema registry, append-only log, RLS and policies
  {
    name: "a schema outside the doctrine registry",
    make: () => `create schema m_unregistered`,
    undo: () => `drop schema m_unregistered`,
    failure: /^schema_registered m_unregistered$/,
  },
  {
    name: "the append-only trigger of ops.events disabled",
    make: () => `alter table ops.events disable trigger _100_append_only`,
    undo: () => `alter table ops.events enable trigger _100_append_only`,
    failure: /^events_append_only ops\.events/,
  },
  {
    name: "UPDATE granted on ops.events",
    make: () => `grant update on ops.events to service_role`,
    undo: () => `revoke update on ops.events from service_role`,
    failure: /^events_append_only ops\.events/,
  },
  {
    name: "a policy on a table whose RLS is off",
    make: () => `create table ops.m_policy_off (id int primary key); create policy m_p on ops.m_policy_off to service_role using (true); alter table ops.m_policy_off disable row level security`,
    undo: () => `drop table ops.m_policy_off`,
    failure: /^policy_without_rls ops\.m_policy_off$/,
  },
  {
    name: "a table in the schema API roles may use without PostgREST exposing it (private)",
    make: () => `create table private.m_table (id int primary key)`,
    undo: () => `drop table private.m_table`,
    failure: /^api_usage_schema private\.m_table$/,
  },
];

describe("ssot check catches every planted break of the doctrine", () => {
  it("exits 0 on the migrated database", () => {
    const r = check();
    expect(r.report?.failures).toEqual([]);
    expect(r.code).toBe(0);
  });

  for (const m of mutations) {
    it(`catches ${m.name}, and is clean again once it is repaired`, async () => {
      await sql(m.make());
      try {
        const bad = check();
        expect(bad.code).toBe(1);
        const named = bad.report!.failures.map((f) => `${f.check_name} ${f.object}`);
        expect(named.filter((n) => m.failure.test(n)), `failures: ${named.join(" | ")}`).not.toEqual([]);
        expect(bad.report!.failures.every((f) => f.fix !== "")).toBe(true);
      } finally {
        await sql(m.undo());
      }
      const good = check();
      expect(good.report?.failures).toEqual([]);
      expect(good.code).toBe(0);
    });
  }
});
