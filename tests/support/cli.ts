// Runs the CLI as a user would (node scripts/ssot.mjs), with piped stdin when given.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../src/cluster/paths.ts";

export const ssotBin = path.join(projectRoot, "scripts/ssot.mjs");

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** The variables a test must control, cleared so the caller's environment cannot leak in. */
const CLEARED = ["DATABASE_URL", "ROOT_DATABASE_URL", "SHADOW_DATABASE_URL", "ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_PASSWORD", "PGCONNECT_TIMEOUT"];

export function cliEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const k of CLEARED) delete base[k];
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete base[k]; else base[k] = v;
  return base;
}

export function ssot(args: string[], opts: { env?: Record<string, string | undefined>; input?: string | Uint8Array } = {}): CliResult {
  const r = spawnSync("node", [ssotBin, ...args], { cwd: projectRoot, input: opts.input ?? "", encoding: "utf8", env: cliEnv(opts.env) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same, without blocking the test process (for tests that run a server in it). */
export function ssotAsync(args: string[], opts: { env?: Record<string, string | undefined>; input?: string | Uint8Array } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const p = spawn("node", [ssotBin, ...args], { cwd: projectRoot, env: cliEnv(opts.env) });
    let out = "", err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, out, err }));
    p.stdin.end(opts.input ?? "");
  });
}

/** stderr as lines, without npm's own notices. */
export const errLines = (r: CliResult) => r.err.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("npm warn"));
