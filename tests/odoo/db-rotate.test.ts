// `ssot odoo-db rotate` (docs/odoo.md, "Rotating the Odoo database's passwords") against a scratch
// Odoo database of the test cluster (scram-sha-256 for every login, so the proofs are real logins)
// and a control-plane database cloned from the template: the new password logs in, the old one is
// refused (28P01), odoo_app's lands in the vault and superset_ro's only in a 0600 file; a failure
// after the change (the record refused at commit by a deferred trigger in the control-plane
// database) leaves the old password working and nothing recorded; refusals happen before any change.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withClient, withDatabase } from "../../src/db/client.ts";
import { provisionOdooDb } from "../../src/odoo/dbroles.ts";
import { tryLogin } from "../../src/odoo/rotate.ts";
import { scramVerifier } from "../../src/odoo/scram.ts";
import { createTestDatabase, requireTestEnv, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";
import { dropRoles, lockOdooRoles } from "../support/odoo-roles.ts";

const root = () => requireTestEnv().rootUrl;
const odooDb = `ssot_odoo_rotate_${randomBytes(4).toString("hex")}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-rotate-"));
let odooUrl: string;
let ctl: TestDatabase;
let release: () => Promise<void>;
let supersetPw = "superset-" + randomBytes(9).toString("hex");

const rotate = (role: string, extra: string[] = [], env: Record<string, string | undefined> = {}) =>
  runCli(["odoo-db", "rotate", role, "--database-url", odooUrl, ...extra], { inherit: true, env: { DATABASE_URL: ctl.url, SUPERSET_RO_PASSWORD: supersetPw, ...env } });
const vaultValue = () => withClient(ctl.url, (c) => c.query(`select control_plane.secret_value('odoo_app_db_password', 'tests') as v`).then((r) => r.rows[0].v as string));
const rotations = (name: string) => withClient(ctl.url, (c) => c.query(`select count(*)::int as n from control_plane.rotations where secret_name = $1`, [name]).then((r) => r.rows[0].n as number));
const exposed = (name: string) => withClient(ctl.url, (c) => c.query(`select exposed_at is not null as e from control_plane.secrets where name = $1`, [name]).then((r) => r.rows[0].e as boolean));
const markExposed = (name: string) => withClient(ctl.url, (c) => c.query(`select private.control_plane_mark_secret_exposed($1, 'pasted in a chat (test)')`, [name]));
const verifierOf = (role: string) => withClient(root(), (c) => c.query(`select rolpassword from pg_authid where rolname = $1`, [role]).then((r) => r.rows[0].rolpassword as string));

/** A deferred constraint trigger that refuses any new rotation row at commit: a real failure after the change. */
async function failRecordingAtCommit(on: boolean) {
  await withClient(ctl.url, (c) => c.query(on
    ? `create function public.tests_refuse_rotation() returns trigger language plpgsql as $$ begin raise exception 'rotations refused by the test'; end $$;
       create constraint trigger tests_refuse_rotation after insert on control_plane.rotations deferrable initially deferred
         for each row execute function public.tests_refuse_rotation();`
    : `drop trigger tests_refuse_rotation on control_plane.rotations; drop function public.tests_refuse_rotation();`));
}

beforeAll(async () => {
  release = await lockOdooRoles(root());
  await withClient(root(), (c) => c.query(`create database ${odooDb}`));
  odooUrl = withDatabase(root(), odooDb);
  await withClient(odooUrl, (c) => c.query(`create table res_partner (id serial primary key, name text)`));
  await provisionOdooDb(odooUrl);
  ctl = await createTestDatabase("rotate");
  const odooAppPw = "odoo-app-" + randomBytes(9).toString("hex");
  await withClient(odooUrl, async (c) => {
    await c.query(`alter role odoo_app password ${pg.escapeLiteral(scramVerifier(odooAppPw))}`);
    await c.query(`alter role superset_ro password ${pg.escapeLiteral(scramVerifier(supersetPw))}`);
  });
  await withClient(ctl.url, async (c) => {
    await c.query(`select control_plane.set_secret('odoo_app_db_password', $1)`, [odooAppPw]);
  });
}, 300_000);

afterAll(async () => {
  await ctl?.drop();
  await withClient(root(), (c) => c.query(`drop database if exists ${odooDb} with (force)`));
  await dropRoles(root(), ["odoo_app", "superset_ro"]);
  fs.rmSync(dir, { recursive: true, force: true });
  await release?.();
});

it("odoo_app: a new password in the vault, set as a SCRAM verifier; the new one logs in, the old one is refused; one rotation recorded", async () => {
  const old = await vaultValue();
  await markExposed("odoo_app_db_password");
  const before = await rotations("odoo_app_db_password");
  const r = rotate("odoo_app", ["--json"]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out)).toEqual({
    role: "odoo_app", database: odooDb, stored: "vault (odoo_app_db_password)",
    recorded: expect.stringMatching(/^control_plane\.set_secret\('odoo_app_db_password'\)/),
    proofs: { new_password_logs_in: true, old_password_refused: "28P01" },
  });
  const fresh = await vaultValue();
  expect(fresh).not.toBe(old);
  expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(r.out).not.toContain(fresh);
  expect(await tryLogin(odooUrl, "odoo_app", fresh)).toBe("ok");
  expect(await tryLogin(odooUrl, "odoo_app", old)).toBe("28P01");
  expect(await rotations("odoo_app_db_password")).toBe(before + 1);
  expect(await exposed("odoo_app_db_password")).toBe(false); // the rotation ended the exposure
  // what the server holds is a verifier with 4096 iterations and a 16-byte salt, not a password
  expect(await verifierOf("odoo_app")).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
});

it("odoo_app: a failure after the change (the record refused at commit) restores the old password and records nothing", async () => {
  const old = await vaultValue();
  const before = await rotations("odoo_app_db_password");
  const verifier = await verifierOf("odoo_app");
  await markExposed("odoo_app_db_password");
  await failRecordingAtCommit(true);
  try {
    const r = rotate("odoo_app");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/odoo_app: the rotation failed after the change: rotations refused by the test; the old password was restored and logs in; nothing was recorded/);
  } finally {
    await failRecordingAtCommit(false);
  }
  expect(await tryLogin(odooUrl, "odoo_app", old)).toBe("ok");
  expect(await vaultValue()).toBe(old);
  expect(await rotations("odoo_app_db_password")).toBe(before);
  expect(await verifierOf("odoo_app")).not.toBe(verifier); // it was changed, then restored (new salt)
  expect(await exposed("odoo_app_db_password")).toBe(true); // still due: nothing was rotated
});

it("odoo_app: refused before any change when the vault's value does not log in, or the role is missing", async () => {
  const old = await vaultValue();
  await withClient(ctl.url, (c) => c.query(`select control_plane.set_secret('odoo_app_db_password', 'not-the-password')`));
  const before = await rotations("odoo_app_db_password");
  const r = rotate("odoo_app");
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/the current password of odoo_app \(the vault's odoo_app_db_password\) does not log in \(28P01\).*nothing changed/);
  expect(await tryLogin(odooUrl, "odoo_app", old)).toBe("ok");
  expect(await rotations("odoo_app_db_password")).toBe(before);
  await withClient(ctl.url, (c) => c.query(`select control_plane.set_secret('odoo_app_db_password', $1)`, [old]));
  // the registry decides where a password lives: superset_ro's registered in the vault is refused
  await withClient(ctl.url, (c) => c.query(`update control_plane.secrets set location = 'vault', held_by = null where name = 'superset_ro_db_password'`));
  try {
    const disagrees = rotate("superset_ro");
    expect(disagrees.code).toBe(1);
    expect(disagrees.err).toMatch(/the registry says superset_ro_db_password lives in the vault, while ssot odoo-db rotate superset_ro never stores it .*nothing changed/);
    expect(disagrees.out).toBe("");
  } finally {
    await withClient(ctl.url, (c) => c.query(`update control_plane.secrets set location = 'external', held_by = 'Superset (test)' where name = 'superset_ro_db_password'`));
  }
  expect(await tryLogin(odooUrl, "superset_ro", supersetPw)).toBe("ok");
  const misuse = rotate("odoo_app", ["--out", path.join(dir, "x")]);
  expect(misuse.code).toBe(64);
  expect(rotate("doadmin").code).toBe(64);
  const unreachable = runCli(["odoo-db", "rotate", "odoo_app", "--database-url", withDatabase(root(), `${odooDb}_missing`)], { inherit: true, env: { DATABASE_URL: ctl.url } });
  expect(unreachable.code).toBe(2);
  expect(unreachable.err).toMatch(/^ssot: cannot connect to postgres:\/\/postgres:\*\*\*\*@/);
  expect(await tryLogin(odooUrl, "odoo_app", old)).toBe("ok");
});

it("superset_ro: handed over once in a new 0600 file, never stored by ssot; the new one logs in, the old one is refused", async () => {
  const out = path.join(dir, "superset_ro.pw");
  await markExposed("superset_ro_db_password");
  const before = await rotations("superset_ro_db_password");
  const vaultRows = await withClient(ctl.url, (c) => c.query(`select count(*)::int as n from vault.secrets`).then((q) => q.rows[0].n));
  const r = rotate("superset_ro", ["--out", out, "--json"]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out)).toMatchObject({ role: "superset_ro", stored: `file ${out} (0600)`, proofs: { new_password_logs_in: true, old_password_refused: "28P01" } });
  expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  const fresh = fs.readFileSync(out, "utf8").trim();
  expect(r.out).not.toContain(fresh);
  expect(await tryLogin(odooUrl, "superset_ro", fresh)).toBe("ok");
  expect(await tryLogin(odooUrl, "superset_ro", supersetPw)).toBe("28P01");
  expect(await rotations("superset_ro_db_password")).toBe(before + 1);
  expect(await exposed("superset_ro_db_password")).toBe(false);
  const note = await withClient(ctl.url, (c) =>
    c.query(`select reason from control_plane.access_log where secret_name = 'superset_ro_db_password' and access_type = 'rotate' order by id desc limit 1`).then((q) => q.rows[0].reason));
  expect(note).toBe("ssot odoo-db rotate superset_ro: new password handed over in a file, proven");
  expect(await withClient(ctl.url, (c) => c.query(`select count(*)::int as n from vault.secrets`).then((q) => q.rows[0].n))).toBe(vaultRows);
  supersetPw = fresh;

  // an existing file is refused before any change, and left as it was
  const again = rotate("superset_ro", ["--out", out]);
  expect(again.code).toBe(1);
  expect(again.err).toMatch(/the file exists.*nothing changed/);
  expect(fs.readFileSync(out, "utf8").trim()).toBe(fresh);
  expect(await tryLogin(odooUrl, "superset_ro", fresh)).toBe("ok");
});

it("superset_ro: on stdout alone without --out; SUPERSET_RO_PASSWORD is required; a failure after the change leaves the old one", async () => {
  const r = rotate("superset_ro");
  expect(r.code).toBe(0);
  const printed = r.out.trim();
  expect(printed).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(r.err).toMatch(/only time the password is shown/);
  expect(await tryLogin(odooUrl, "superset_ro", printed)).toBe("ok");
  expect(await tryLogin(odooUrl, "superset_ro", supersetPw)).toBe("28P01");
  supersetPw = printed;

  const missing = rotate("superset_ro", [], { SUPERSET_RO_PASSWORD: undefined });
  expect(missing.code).toBe(78);
  expect(missing.err).toMatch(/SUPERSET_RO_PASSWORD is not set/);
  expect(rotate("superset_ro", ["--json"]).code).toBe(64);

  const out = path.join(dir, "failed.pw");
  const before = await rotations("superset_ro_db_password");
  await failRecordingAtCommit(true);
  try {
    const failed = rotate("superset_ro", ["--out", out]);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/the old password was restored and logs in; nothing was recorded/);
  } finally {
    await failRecordingAtCommit(false);
  }
  expect(fs.existsSync(out)).toBe(false);
  expect(await tryLogin(odooUrl, "superset_ro", supersetPw)).toBe("ok");
  expect(await rotations("superset_ro_db_password")).toBe(before);
});

it("a client-side verifier of a non-ASCII password (SASLprep: a no-break space, a composed letter) lets that password log in", async () => {
  const role = `ssot_scram_${randomBytes(4).toString("hex")}`;
  const pw = "pa\u0308ss\u00a0word-" + randomBytes(4).toString("hex");
  await withClient(root(), (c) => c.query(`create role ${role} login password ${pg.escapeLiteral(scramVerifier(pw))}`));
  try {
    expect(await tryLogin(odooUrl, role, pw)).toBe("ok");
    expect(await tryLogin(odooUrl, role, pw + "x")).toBe("28P01");
  } finally {
    await dropRoles(root(), [role]);
  }
});
