// `ssot odoo-db provision` (docs/odoo.md, "The Odoo database's roles") against a local `odoo` database on the test cluster: the
// roles odoo_app and superset_ro are created or fixed, hold exactly the privileges they should,
// and business data is never touched. The privileges are exercised with SET ROLE.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withClient, withDatabase } from "../../src/db/client.ts";
import { provisionOdooDb } from "../../src/odoo/dbroles.ts";
import { requireTestEnv } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";
import { lockOdooRoles } from "../support/odoo-roles.ts";

let url: string;
let release: () => Promise<void>;
const root = () => requireTestEnv().rootUrl;

async function asRole<T>(role: string, sql: string, params: unknown[] = []): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`set role ${role}`);
    return (await c.query(sql, params)) as T;
  } finally {
    await c.end();
  }
}
const code = (p: Promise<unknown>) => p.then(() => "ok", (e) => e.code as string);
const fingerprint = () =>
  withClient(url, (c) => c.query(`select md5(string_agg(p::text, ',' order by p.id)) as a, (select md5(string_agg(m::text, ',' order by m.id)) from account_move m) as b from res_partner p`).then((r) => r.rows[0]));

beforeAll(async () => {
  // the roles are cluster-wide: the files that change them take turns (tests/support/odoo-roles.ts)
  release = await lockOdooRoles(root());
  await withClient(root(), async (c) => {
    await c.query(`drop database if exists odoo with (force)`);
    await c.query(`drop role if exists odoo_app`);
    await c.query(`drop role if exists superset_ro`);
    await c.query(`drop role if exists powerful_group`);
    await c.query(`create database odoo`);
  });
  url = withDatabase(root(), "odoo");
  // an Odoo database as the admin left it: business tables with data, owned by the admin
  await withClient(url, (c) =>
    c.query(`create table res_partner (id serial primary key, name text not null);
             create table account_move (id serial primary key, partner_id int references res_partner (id), amount numeric);
             insert into res_partner (name) select 'Partner ' || i from generate_series(1, 50) i;
             insert into account_move (partner_id, amount) select i, i * 100 from generate_series(1, 50) i;`));
}, 300_000);
afterAll(async () => {
  await withClient(root(), async (c) => {
    await c.query(`drop database if exists odoo with (force)`);
    for (const r of ["odoo_app", "superset_ro", "powerful_group"]) await c.query(`drop role if exists ${r}`);
  });
  await release?.();
});

it("creates the roles, never touching business data; a second run changes nothing", async () => {
  const before = await fingerprint();
  const first = await provisionOdooDb(url);
  expect(first.changes).toEqual(expect.arrayContaining(["created role odoo_app", "created role superset_ro", "superset_ro granted SELECT on 2 relations"]));
  expect(await fingerprint()).toEqual(before);
  expect((await provisionOdooDb(url)).changes).toEqual([]);
  const attrs = await withClient(url, (c) =>
    c.query(`select rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolcanlogin from pg_roles where rolname in ('odoo_app', 'superset_ro') order by 1`).then((r) => r.rows));
  expect(attrs).toEqual([
    { rolname: "odoo_app", rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, rolcanlogin: true },
    { rolname: "superset_ro", rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, rolcanlogin: true },
  ]);
  const settings = await withClient(url, (c) =>
    c.query(`select setconfig from pg_db_role_setting s join pg_roles r on r.oid = s.setrole where r.rolname = 'superset_ro'`).then((r) => r.rows[0].setconfig));
  expect(settings.sort()).toEqual(["default_transaction_read_only=on", "statement_timeout=30s"]);
});

it("superset_ro can SELECT but not INSERT, UPDATE, DELETE or CREATE", async () => {
  expect((await asRole<pg.QueryResult>("superset_ro", `select count(*)::int as n from res_partner`)).rows[0].n).toBe(50);
  expect(await code(asRole("superset_ro", `insert into res_partner (name) values ('x')`))).toBe("42501");
  expect(await code(asRole("superset_ro", `update account_move set amount = 0`))).toBe("42501");
  expect(await code(asRole("superset_ro", `delete from account_move`))).toBe("42501");
  expect(await code(asRole("superset_ro", `truncate account_move`))).toBe("42501");
  expect(await code(asRole("superset_ro", `create table public.sneaky (id int)`))).toBe("42501");
  expect(await code(asRole("superset_ro", `select nextval('res_partner_id_seq')`))).toBe("42501");
});

it("odoo_app reads and writes public, creates tables, and cannot create roles or databases", async () => {
  expect(await code(asRole("odoo_app", `update res_partner set name = name where id = 1`))).toBe("ok");
  expect(await code(asRole("odoo_app", `insert into res_partner (name) values ('via odoo_app')`))).toBe("ok");
  expect(await code(asRole("odoo_app", `delete from res_partner where name = 'via odoo_app'`))).toBe("ok");
  expect(await code(asRole("odoo_app", `create table public.x_module_model (id serial primary key, name text); insert into x_module_model (name) values ('a')`))).toBe("ok");
  expect(await code(asRole("odoo_app", `create role sneaky`))).toBe("42501");
  expect(await code(asRole("odoo_app", `create database sneaky`))).toBe("42501");
  // default privileges: a table Odoo creates later is readable by superset_ro, and only readable
  expect((await asRole<pg.QueryResult>("superset_ro", `select count(*)::int as n from x_module_model`)).rows[0].n).toBe(1);
  expect(await code(asRole("superset_ro", `insert into x_module_model (name) values ('b')`))).toBe("42501");
  // and one the admin creates after provisioning
  await withClient(url, (c) => c.query(`create table public.admin_later (id int)`));
  expect(await code(asRole("superset_ro", `select * from admin_later`))).toBe("ok");
  expect(await code(asRole("odoo_app", `insert into admin_later values (1)`))).toBe("ok");
});

it("fixes roles that drifted: attributes, a powerful membership, write grants to superset_ro", async () => {
  await withClient(url, (c) =>
    c.query(`alter role odoo_app createdb createrole;
             create role powerful_group createdb;
             grant powerful_group to odoo_app;
             grant insert, delete on res_partner to superset_ro;
             alter role superset_ro reset all;`));
  const before = await fingerprint();
  const r = await provisionOdooDb(url);
  expect(r.changes).toEqual(expect.arrayContaining([
    "reset attributes of odoo_app to login nosuperuser nocreaterole nocreatedb noreplication nobypassrls",
    "revoked membership of odoo_app in powerful_group",
    "revoked write privileges of superset_ro on 1 relations",
    "superset_ro statement_timeout = 30s, default_transaction_read_only = on",
  ]));
  expect(await fingerprint()).toEqual(before);
  expect(await code(asRole("superset_ro", `delete from res_partner where id = -1`))).toBe("42501");
  // (SET ROLE is checked against the session user, so membership is asserted from the catalog)
  expect(await withClient(url, (c) => c.query(`select pg_has_role('odoo_app', 'powerful_group', 'member') as m`).then((q) => q.rows[0].m))).toBe(false);
  expect((await provisionOdooDb(url)).changes).toEqual([]);
});

it("the CLI applies it and says when nothing had to change; a bad URL is refused", () => {
  const cli = (...a: string[]) => runCli(a, { inherit: true });
  const ok = cli("odoo-db", "provision", "--database-url", url);
  expect(ok.code).toBe(0);
  expect(ok.out).toMatch(/already as required/);
  const bad = cli("odoo-db", "provision", "--database-url", "odoo.example.com");
  expect(bad.code).toBe(64);
  expect(bad.err).toMatch(/--database-url "odoo\.example\.com" is invalid: expected a postgres:\/\/ connection string/);
});
