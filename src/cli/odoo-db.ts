// `ssot odoo-db provision|audit|rotate`: the Odoo database's side (docs/odoo.md): its roles, a
// read-only audit, and the rotation of the roles' passwords.
import type { Command } from "commander";
import { databaseUrlOption } from "../config/env.ts";
import { redact } from "../db/client.ts";
import { auditOdooDb, SEVERITIES, type Severity } from "../odoo/audit.ts";
import { provisionOdooDb } from "../odoo/dbroles.ts";
import { RotationError, rotateOdooRole, ROTATION_TARGETS, type RotatableRole } from "../odoo/rotate.ts";
import { readyTarget } from "./context.ts";
import { userErrorFromSql } from "./errors.ts";
import { bold, dim, EXIT, green, info, red, UsageError, UserError, warn, yellow } from "./out.ts";

/** `ssot odoo-db provision`: the Odoo database's roles odoo_app and superset_ro. */
async function odooDbProvision(opts: { databaseUrl: string; supersetTimeout: string; json?: boolean }) {
  databaseUrlOption(opts.databaseUrl);
  if (!/^\d+(ms|s|min)$/.test(opts.supersetTimeout)) throw new UsageError(`--superset-timeout must look like 30s, 500ms or 2min`);
  const r = await provisionOdooDb(opts.databaseUrl, { supersetTimeout: opts.supersetTimeout });
  if (opts.json) info(JSON.stringify(r));
  else info(`${redact(opts.databaseUrl)}: ${r.changes.length ? r.changes.join("; ") : "already as required"}`);
}

const severityColour: Record<Severity, (s: string) => string> = { Critical: (s) => bold(red(s)), High: red, Medium: yellow, Info: dim };

/** `ssot odoo-db audit`: read-only findings; exit 1 on any Critical one. */
async function odooDbAudit(opts: { databaseUrl: string; json?: boolean }) {
  databaseUrlOption(opts.databaseUrl);
  const r = await auditOdooDb(opts.databaseUrl);
  const critical = r.findings.some((f) => f.severity === "Critical");
  if (opts.json) info(JSON.stringify(r, null, 2));
  else {
    info(bold(`${redact(opts.databaseUrl)}: read-only audit of ${r.database} as ${r.audited_as}`));
    for (const f of r.findings) info(`${severityColour[f.severity](f.severity.padEnd(8))}  ${f.check.padEnd(19)}  ${f.subject}: ${f.message}`);
    const counts = SEVERITIES.map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n);
    const summary = counts.length ? counts.map(([s, n]) => `${n} ${s}`).join(", ") : green("no findings");
    info(`${summary}; ${r.connections.used} of ${r.connections.max} connections in use`);
  }
  process.exitCode = critical ? EXIT.failed : EXIT.ok;
}

/** `ssot odoo-db rotate ROLE`: a new password, stored where the registry says, recorded, proven. */
async function odooDbRotate(role: string, opts: { databaseUrl: string; out?: string; json?: boolean }) {
  if (!(role in ROTATION_TARGETS)) throw new UsageError(`odoo-db rotate: role must be odoo_app or superset_ro, got ${JSON.stringify(role)}`);
  databaseUrlOption(opts.databaseUrl);
  const r = role as RotatableRole;
  if (r === "odoo_app" && opts.out) throw new UsageError(`--out is for superset_ro: odoo_app's password is stored in the vault (${ROTATION_TARGETS.odoo_app.secret})`);
  if (r === "superset_ro" && opts.json && !opts.out) throw new UsageError(`--json with superset_ro needs --out FILE: the password would otherwise land in the JSON on stdout (a CI log)`);
  const oldPassword = r === "superset_ro" ? process.env.SUPERSET_RO_PASSWORD : undefined;
  if (r === "superset_ro" && !oldPassword)
    throw new UserError("SUPERSET_RO_PASSWORD is not set: superset_ro's current password (the GitHub secret of that name) is needed to prove it stops working and to restore it if the rotation fails", EXIT.config);
  const t = await readyTarget({ bootstrap: false });
  let result;
  try {
    result = await rotateOdooRole({ role: r, odooUrl: opts.databaseUrl, controlUrl: t.databaseUrl, oldPassword, out: opts.out });
  } catch (e) {
    if (e instanceof RotationError) throw new UserError(e.message);
    throw userErrorFromSql(e);
  }
  const { report, password } = result;
  if (opts.json) return info(JSON.stringify(report, null, 2));
  // the password alone on stdout (PW=$(ssot odoo-db rotate superset_ro …)); the report on stderr then
  const say = password ? warn : info;
  say(`${report.role} in ${report.database}: new password set (SCRAM verifier), stored in ${report.stored}, recorded by ${report.recorded}`);
  say(`proofs: the new password logs in; the old one is refused (${report.proofs.old_password_refused})`);
  if (password) {
    process.stdout.write(password + "\n");
    warn(`update Superset's datasource and the GitHub secret SUPERSET_RO_PASSWORD now: this is the only time the password is shown`);
  }
}

export function registerOdooDb(program: Command) {
  const odooDb = program.command("odoo-db").description("the Odoo PostgreSQL side: its roles odoo_app and superset_ro, a read-only audit, password rotation (docs/odoo.md)");

  odooDb
    .command("provision")
    .description("create or fix the roles odoo_app (read-write on public) and superset_ro (SELECT only) in an Odoo database; never touches business data")
    .requiredOption("--database-url <url>", "a superuser (or CREATEROLE owner) connection to the Odoo database, e.g. postgres://doadmin@host:25060/odoo")
    .option("--superset-timeout <duration>", "statement_timeout of superset_ro", "30s")
    .option("--json", "machine-readable report")
    .action(odooDbProvision);

  odooDb
    .command("audit")
    .description("read-only audit of an Odoo database: admin/superuser sessions, odoo_app/superset_ro against provision, active ir_cron jobs, secret-like ir_config_parameter values (keys only), connections; exit 1 on a Critical finding")
    .requiredOption("--database-url <url>", "a connection to the Odoo database (any role that can read the catalog and Odoo's ir_* tables), e.g. postgres://doadmin@host:25060/odoo")
    .option("--json", "machine-readable report (for CI)")
    .action(odooDbAudit);

  odooDb
    .command("rotate")
    .description("rotate the password of odoo_app (stored in the vault) or superset_ro (handed over once: stdout or --out; needs SUPERSET_RO_PASSWORD); proves the new one logs in and the old one is refused; on failure the old one is restored")
    .argument("<role>", "odoo_app or superset_ro")
    .requiredOption("--database-url <url>", "a connection to the Odoo database as a role that may ALTER ROLE, e.g. postgres://doadmin@host:25060/odoo")
    .option("--out <file>", "superset_ro: write the new password to this new file (mode 0600; an existing file is refused)")
    .option("--json", "machine-readable report: role, where it was stored, proofs (never the password)")
    .action(odooDbRotate);
}
