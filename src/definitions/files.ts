// Reading the definition files: the idempotent SQL in db/functions, db/policies and db/cron, in
// that order, each with the checksum that tells an unchanged file from a changed one.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dbDir } from "../cluster/paths.ts";

export const DEFINITION_GROUPS = ["functions", "policies", "cron"] as const;

export interface DefinitionFile {
  /** Path relative to db/, e.g. functions/ops/emit.sql: the key in ssot_meta.definitions. */
  key: string;
  file: string;
  group: (typeof DEFINITION_GROUPS)[number];
  sql: string;
  checksum: string;
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".sql") ? [path.join(dir, e.name)] : []));
}

/** Where definitions come from, as ssot_meta.definition_objects records it: "project" for the project's db/, else the folder itself (tests). */
export function sourceOf(root: string): string {
  return path.resolve(root) === path.resolve(dbDir) ? "project" : path.resolve(root);
}

/** Every definition file under `root` (db/ by default): functions, then policies, then cron, each sorted. */
export function listDefinitions(root = dbDir): DefinitionFile[] {
  return DEFINITION_GROUPS.flatMap((group) =>
    walk(path.join(root, group))
      .sort()
      .map((file) => {
        const sql = fs.readFileSync(file, "utf8");
        return { key: path.relative(root, file), file, group, sql, checksum: createHash("sha256").update(sql).digest("hex") };
      }),
  );
}
