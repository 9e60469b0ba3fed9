// `ssot diff`'s work: snapshot the reference (what db/ creates) and the target, compare them.
// The schemas in scope are the project's as the reference defines them (advisor.platform_schemas()
// lists the others), applied to both sides, so the target's own copy of that list does not matter.
import { withClient } from "../db/client.ts";
import { compareSnapshots, type Difference } from "./compare.ts";
import { NotInstalledError, platformSchemas, takeSnapshot, type Snapshot } from "./snapshot.ts";

export { NotInstalledError };
export type { Difference };

/** Throws NotInstalledError when the target has no ssot schema (nothing to compare with). */
export async function requireInstalled(targetUrl: string) {
  await withClient(targetUrl, async (c) => {
    const r = await c.query(`select to_regnamespace('advisor') is not null or to_regnamespace('ops') is not null as yes`);
    if (!r.rows[0].yes) throw new NotInstalledError("the database has no ssot schema: run `ssot migrate` against it first");
  }, "ssot diff");
}

/**
 * Objects made from data, not from a file: a trigger creates the rejection counter of each Odoo
 * instance (odoo.webhook_rejected_i<instance id>), so each database has its own. Left out on both
 * sides, with the grants on them.
 */
export const DATA_OBJECTS: RegExp[] = [/\bodoo\.webhook_rejected_i[0-9a-f]{32}\b/];

function withoutDataObjects(s: Snapshot): Snapshot {
  return { ...s, objects: s.objects.filter((o) => !DATA_OBJECTS.some((re) => re.test(o.object))) };
}

export async function diffDatabases(referenceUrl: string, targetUrl: string): Promise<Difference[]> {
  let platform: string[] = [];
  const reference: Snapshot = await withClient(referenceUrl, async (c) => {
    platform = await platformSchemas(c);
    return takeSnapshot(c, platform);
  }, "ssot diff");
  const target = await withClient(targetUrl, (c) => takeSnapshot(c, platform), "ssot diff");
  return compareSnapshots(withoutDataObjects(reference), withoutDataObjects(target));
}
