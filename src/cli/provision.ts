// Runs scripts/provision.sh: a quick check first, the installer only when something is missing.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../cluster/paths.ts";
import { UserError } from "./out.ts";

const script = path.join(projectRoot, "scripts/provision.sh");

export function provisionMissing(): boolean {
  return spawnSync("bash", [script, "--check"], { stdio: "ignore" }).status !== 0;
}

export function ensureProvisioned(opts: { quiet?: boolean } = {}) {
  if (!provisionMissing()) return;
  if (!opts.quiet) process.stderr.write("provision: installing what is missing (first run only)\n");
  const r = spawnSync("bash", [script], { stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new UserError("provisioning failed (see the lines above for what is missing and how to get it)");
}
