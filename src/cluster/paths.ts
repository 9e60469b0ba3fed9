// Where the project lives and where its local clusters keep their files.
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import path from "node:path";

/** The project root: the folder holding package.json, two levels above this file. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The db/ folder (migrations, definitions, compat, seeds, pgTAP tests): the checkout's, or the one
 * SSOT_DB_DIR names (checked by config/env.ts), e.g. a copy a test may write into.
 */
export const dbDir = process.env.SSOT_DB_DIR ? path.resolve(process.env.SSOT_DB_DIR) : path.join(projectRoot, "db");

/** Per-project state folder (gitignored): clusters, logs, test reports. */
export function stateHome(override?: string): string {
  return override ? path.resolve(override) : path.join(projectRoot, ".ssot");
}

/**
 * A stable short id for this checkout (and its state folder when SSOT_HOME moves it), used where a
 * name must differ between checkouts. A checkout cloned again at the same path gets the same id.
 */
export function checkoutId(home?: string): string {
  return createHash("sha1").update(home ? stateHome(home) : projectRoot).digest("hex").slice(0, 10);
}
