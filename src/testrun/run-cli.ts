// runCli(): how every vitest file runs the CLI as a user would (node scripts/ssot.mjs, from the
// project root), with piped stdin when given. By default the variables a test must control are
// cleared first so the caller's environment cannot leak in; `inherit: true` keeps the test
// process's environment as it is (the test cluster's URLs, SSOT_HOME, …) and only applies `env`.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../cluster/paths.ts";

export const ssotBin = path.join(projectRoot, "scripts/ssot.mjs");

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

export interface CliOptions {
  /** Variables set for the run; `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** Piped to stdin (empty when not given: a command never waits on a terminal). */
  input?: string | Uint8Array;
  /** Start from the test process's environment unchanged instead of clearing CLEARED. */
  inherit?: boolean;
}

/** The variables a test must control, cleared so the caller's environment cannot leak in. */
const CLEARED = ["DATABASE_URL", "READ_DATABASE_URL", "SSOT_ANCHOR_KEY", "ROOT_DATABASE_URL", "SHADOW_DATABASE_URL", "ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_PASSWORD", "PGCONNECT_TIMEOUT"];

export function cliEnv(env: Record<string, string | undefined> = {}, inherit = false): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  if (!inherit) for (const k of CLEARED) delete base[k];
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete base[k]; else base[k] = v;
  return base;
}

/** Runs `ssot <args>` to its end. */
export function runCli(args: string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [ssotBin, ...args], { cwd: projectRoot, input: opts.input ?? "", encoding: "utf8", env: cliEnv(opts.env, opts.inherit) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `ssot <args>` as a child process the test drives (a worker it stops, a command it signals). */
export function spawnCli(args: string[], opts: Omit<CliOptions, "input"> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [ssotBin, ...args], { cwd: projectRoot, env: cliEnv(opts.env, opts.inherit) });
}

/** The same as runCli, without blocking the test process (for tests that run a server in it). */
export function runCliAsync(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const p = spawnCli(args, opts);
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
