// `ssot odoo-db rotate odoo_app|superset_ro` (docs/odoo.md, "Rotating the Odoo database's
// passwords"): a new password, set as a SCRAM verifier computed here (the plaintext never reaches
// the server), stored where the registry says it lives, recorded, and proven: the new password
// logs in, the old one is refused (28P01). Everything that can be checked is checked before the
// change; any failure after it restores the old password (a verifier of the old plaintext) and
// rolls the record back, so nothing is recorded as rotated.
import fs from "node:fs";
import pg from "pg";
import { connectTimeoutMs, ConnectError, isUnreachable } from "../db/client.ts";
import { setSecret } from "../secrets/store.ts";
import { generatePassword, scramVerifier } from "./scram.ts";

export type RotatableRole = "odoo_app" | "superset_ro";

/** Where each role's password lives (the registry, db/seeds/21_secrets.yaml; seed 003 §5.5 for superset_ro). */
export const ROTATION_TARGETS: Record<RotatableRole, { secret: string; lives: "vault" | "superset" }> = {
  odoo_app: { secret: "odoo_app_db_password", lives: "vault" },
  superset_ro: { secret: "superset_ro_db_password", lives: "superset" },
};

export interface RotateOptions {
  role: RotatableRole;
  /** a connection to the Odoo database as a role that may ALTER ROLE (doadmin) */
  odooUrl: string;
  /** ssot's control-plane database (DATABASE_URL) */
  controlUrl: string;
  /** superset_ro: its current password (SUPERSET_RO_PASSWORD); odoo_app's is read from the vault */
  oldPassword?: string;
  /** superset_ro: the 0600 file the new password is handed over in (default: returned, for stdout) */
  out?: string;
}

export interface RotateReport {
  role: RotatableRole;
  database: string;
  stored: string;
  recorded: string;
  proofs: { new_password_logs_in: boolean; old_password_refused: string };
}

/** A refusal before the change, or a failure after it (`changed`: the message says whether the old password was restored). */
export class RotationError extends Error {
  constructor(message: string, readonly changed = false) {
    super(message);
  }
}

async function connect(url: string, app: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, application_name: app, connectionTimeoutMillis: connectTimeoutMs() });
  try {
    await c.connect();
    return c;
  } catch (e) {
    await c.end().catch(() => {});
    throw new ConnectError(url, e as Error);
  }
}

/** Logs in to the Odoo database as `role` with `password`: "ok", or the SQLSTATE (28P01: wrong password) or message of the failure. */
export async function tryLogin(odooUrl: string, role: string, password: string): Promise<string> {
  const u = new URL(odooUrl);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  const c = new pg.Client({ connectionString: u.toString(), application_name: "ssot odoo-db rotate (proof)", connectionTimeoutMillis: connectTimeoutMs() });
  try {
    await c.connect();
    await c.query("select 1");
    return "ok";
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return err.code ?? err.message ?? String(e);
  } finally {
    await c.end().catch(() => {});
  }
}

/** --out: created now, exclusively, mode 0600 (an existing file is refused), before any change. */
function createOutFile(file: string): number {
  try {
    const fd = fs.openSync(file, "wx", 0o600);
    fs.fchmodSync(fd, 0o600);
    return fd;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new RotationError(err.code === "EEXIST" ? `--out ${file}: the file exists; give a new path (nothing changed)` : `--out ${file}: cannot create it (${err.code ?? err.message}); nothing changed`);
  }
}

/** The registry row of the role's password says it lives where this command puts it (vault, or external). */
async function registryAgrees(ctl: pg.Client, role: RotatableRole) {
  const t = ROTATION_TARGETS[role];
  const row = (await ctl.query(`select location, held_by from control_plane.secrets where name = $1`, [t.secret])).rows[0] as { location: string; held_by: string | null } | undefined;
  if (!row) throw new RotationError(`${t.secret} is not in ssot's credential registry (control_plane.secrets): run ssot seed; nothing changed`);
  const expected = t.lives === "vault" ? "vault" : "external";
  if (row.location !== expected)
    throw new RotationError(`the registry says ${t.secret} lives ${row.location === "vault" ? "in the vault" : `outside it (${row.held_by})`}, ` +
      `while ssot odoo-db rotate ${role} ${t.lives === "vault" ? "stores it in the vault" : "never stores it (seed 003 §5.5)"}: fix db/seeds; nothing changed`);
}

/** The checks before the change: the role, the recorder, the old password (it must log in now). */
async function preflight(o: RotateOptions, odoo: pg.Client, ctl: pg.Client): Promise<string> {
  const t = ROTATION_TARGETS[o.role];
  if (!(await odoo.query(`select from pg_catalog.pg_roles where rolname = $1`, [o.role])).rowCount)
    throw new RotationError(`role ${o.role} does not exist in this database: run ssot odoo-db provision first (nothing changed)`);
  await registryAgrees(ctl, o.role);
  let old = o.oldPassword;
  if (t.lives === "vault") {
    // the vault's current value, read as the owner through the logged accessor
    old = await ctl.query(`select control_plane.secret_value($1, 'ssot odoo-db rotate') as v`, [t.secret]).then((r) => r.rows[0].v as string, (e) => {
      throw new RotationError(e.code === "SS214"
        ? `${t.secret} has no value in the vault, so a failed rotation could not restore it: store the current password first (ssot secret set ${t.secret}); nothing changed`
        : `cannot read ${t.secret} from the vault: ${e.message} (nothing changed)`);
    });
  } else if (!(await ctl.query(`select pg_catalog.to_regprocedure('control_plane.record_rotation(text, text)') is not null as ok`)).rows[0].ok) {
    throw new RotationError(`ssot's database has no control_plane.record_rotation(text, text) to record the rotation: run ssot migrate (nothing changed)`);
  }
  if (!old) throw new RotationError(`the current password of ${o.role} is needed (nothing changed)`);
  const now = await tryLogin(o.odooUrl, o.role, old);
  if (now !== "ok")
    throw new RotationError(`the current password of ${o.role} ${t.lives === "vault" ? `(the vault's ${t.secret})` : "(SUPERSET_RO_PASSWORD)"} does not log in (${now}): ` +
      `it must, so the rotation can prove it stops working and restore it on failure; nothing changed`);
  return old;
}

/** Records the rotation inside the control-plane transaction (committed only once everything is proven). */
async function record(o: RotateOptions, ctl: pg.Client, password: string): Promise<string> {
  const t = ROTATION_TARGETS[o.role];
  if (t.lives === "vault") {
    await setSecret(ctl, t.secret, password);
    return `control_plane.set_secret('${t.secret}') (a rotation in control_plane.rotations, event secret.rotated)`;
  }
  await ctl.query(`select control_plane.record_rotation($1, $2)`, [t.secret, `ssot odoo-db rotate ${o.role}: new password handed over ${o.out ? "in a file" : "on stdout"}, proven`]);
  return `control_plane.record_rotation('${t.secret}')`;
}

async function setPassword(odoo: pg.Client, role: string, password: string) {
  await odoo.query(`alter role ${pg.escapeIdentifier(role)} password ${pg.escapeLiteral(scramVerifier(password))}`);
}

/** After a failure past the change: the old password back (proven), else a message saying what to do by hand. */
async function restore(o: RotateOptions, odoo: pg.Client, old: string): Promise<string> {
  try {
    await setPassword(odoo, o.role, old);
  } catch {
    // the session may be what failed: once more on a new one (the proof below says how it went)
    const c = await connect(o.odooUrl, "ssot odoo-db rotate (restore)").catch(() => undefined);
    if (c) await setPassword(c, o.role, old).catch(() => {}).finally(() => c.end().catch(() => {}));
  }
  const proof = await tryLogin(o.odooUrl, o.role, old);
  return proof === "ok"
    ? "the old password was restored and logs in; nothing was recorded"
    : `the old password could NOT be restored (${proof}): ${o.role} now has a password nobody holds; set one by hand (\\password ${o.role}) and store it`;
}

/** Writes the new password to the --out file (created before the change) and closes it. */
function handOver(fd: number, password: string) {
  try {
    fs.writeSync(fd, password + "\n");
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The rotation; the new password is returned only for superset_ro without --out (to print once). */
export async function rotateOdooRole(o: RotateOptions): Promise<{ report: RotateReport; password?: string }> {
  let fd = o.out ? createOutFile(o.out) : undefined;
  let odoo: pg.Client | undefined, ctl: pg.Client | undefined, old: string | undefined;
  let changed = false;
  try {
    odoo = await connect(o.odooUrl, "ssot odoo-db rotate");
    ctl = await connect(o.controlUrl, "ssot odoo-db rotate");
    old = await preflight(o, odoo, ctl);
    const database = (await odoo.query(`select pg_catalog.current_database() as d`)).rows[0].d as string;
    const password = generatePassword();
    await ctl.query("begin");
    const recorded = await record(o, ctl, password);
    await setPassword(odoo, o.role, password);
    changed = true;
    const fresh = await tryLogin(o.odooUrl, o.role, password);
    if (fresh !== "ok") throw new Error(`the new password does not log in (${fresh})`);
    const stale = await tryLogin(o.odooUrl, o.role, old);
    if (stale !== "28P01") throw new Error(`the old password is not refused as a wrong password (${stale === "ok" ? "it still logs in" : stale})`);
    if (fd !== undefined) {
      const f = fd;
      fd = undefined; // handOver closes it, whatever happens
      handOver(f, password);
    }
    await ctl.query("commit");
    // nothing below may fail: the rotation is done
    const t = ROTATION_TARGETS[o.role];
    const stored = t.lives === "vault" ? `vault (${t.secret})` : o.out ? `file ${o.out} (0600)` : "stdout";
    return {
      report: { role: o.role, database, stored, recorded, proofs: { new_password_logs_in: true, old_password_refused: stale } },
      password: t.lives === "superset" && !o.out ? password : undefined,
    };
  } catch (e) {
    await ctl?.query("rollback").catch(() => {});
    if (fd !== undefined) fs.closeSync(fd);
    if (o.out) fs.rmSync(o.out, { force: true });
    if (!changed) {
      if (e instanceof RotationError || isUnreachable(e)) throw e;
      const err = e as { message?: string; hint?: string };
      throw new RotationError(`${o.role}: ${err.message ?? String(e)}${err.hint ? ` (${err.hint})` : ""}; nothing changed`);
    }
    throw new RotationError(`${o.role}: the rotation failed after the change: ${(e as Error).message}; ${await restore(o, odoo!, old!)}`, true);
  } finally {
    await odoo?.end().catch(() => {});
    await ctl?.end().catch(() => {});
  }
}
