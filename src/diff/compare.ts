// The comparison of `ssot diff`: the reference's objects (what db/ creates) against the target's,
// by identity (kind + object). Missing on one side, extra on the other, or a different normalised
// definition; pg_cron jobs are turned into objects of kind `cron job` first (cronObjects).
import type { CatalogObject, CronJob, Snapshot } from "./snapshot.ts";

export type DiffStatus = "changed" | "missing in database" | "not declared";

export interface Difference {
  status: DiffStatus;
  kind: string;
  object: string;
  /** For a change: the first line that differs, expected (db/) against found (database). */
  detail: string;
  /** The whole normalised definitions: what db/ creates and what the database holds. */
  expected?: string;
  found?: string;
}

function jobDefinition(j: CronJob): string[] {
  return [`schedule ${j.schedule}`, `command ${j.command}`];
}

/**
 * The project's cron jobs as objects: the declared ones (ops.cron_jobs) and pg_cron's jobs of those
 * names (or of a name in `declared`, the reference's). Where pg_cron lives in this database its job
 * is what runs, so its schedule and command are the definition, with a line for each way it
 * disagrees with the registry (active against `enabled`: operator state, set by `ssot cron enable`,
 * so it is compared with the registry, never with the reference). Elsewhere the registry row is.
 */
export function cronObjects(s: Snapshot, declared: Set<string> = new Set()): CatalogObject[] {
  const names = new Set(s.registry.keys());
  for (const n of s.scheduled?.keys() ?? []) if (declared.has(n)) names.add(n);
  return [...names].sort().map((name) => {
    const reg = s.registry.get(name);
    const job = s.scheduled?.get(name);
    let lines: string[];
    if (!s.scheduled) lines = jobDefinition(reg!);
    else if (!job) lines = [...jobDefinition(reg!), "not scheduled in pg_cron"];
    else {
      lines = jobDefinition(job);
      if (!reg) lines.push("not in ops.cron_jobs");
      else {
        if (reg.schedule !== job.schedule) lines.push(`ops.cron_jobs says schedule ${reg.schedule}`);
        if (reg.command !== job.command) lines.push(`ops.cron_jobs says command ${reg.command}`);
        if (reg.on !== job.on) lines.push(`active ${job.on} while ops.cron_jobs says ${reg.on ? "enabled" : "disabled"}`);
      }
    }
    return { kind: "cron job", object: name, definition: lines.join("\n") };
  });
}

const clip = (s: string, n = 120) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

/** The first line where the two definitions part: `line 5: expected "…", found "…"`. */
export function firstDifference(expected: string, found: string): string {
  const a = expected.split("\n");
  const b = found.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const e = a[i] === undefined ? "(nothing)" : `"${clip(a[i]!.trim())}"`;
    const f = b[i] === undefined ? "(nothing)" : `"${clip(b[i]!.trim())}"`;
    return `line ${i + 1}: expected ${e}, found ${f}`;
  }
  return "";
}

const key = (o: CatalogObject) => `${o.kind}\u0000${o.object}`;

/** Every difference, ordered by kind and object. */
export function compareObjects(reference: CatalogObject[], target: CatalogObject[]): Difference[] {
  const ref = new Map(reference.map((o) => [key(o), o]));
  const live = new Map(target.map((o) => [key(o), o]));
  const out: Difference[] = [];
  for (const [k, r] of ref) {
    const l = live.get(k);
    if (!l) out.push({ status: "missing in database", kind: r.kind, object: r.object, detail: "", expected: r.definition });
    else if (l.definition !== r.definition) {
      out.push({ status: "changed", kind: r.kind, object: r.object, detail: firstDifference(r.definition, l.definition), expected: r.definition, found: l.definition });
    }
  }
  for (const [k, l] of live) if (!ref.has(k)) out.push({ status: "not declared", kind: l.kind, object: l.object, detail: "", found: l.definition });
  return out.sort((a, b) => a.kind.localeCompare(b.kind) || a.object.localeCompare(b.object) || a.status.localeCompare(b.status));
}

/** Reference and target snapshots compared, cron jobs included. */
export function compareSnapshots(reference: Snapshot, target: Snapshot): Difference[] {
  const declared = new Set(reference.registry.keys());
  // the reference's pg_cron (if any) is not what db/ declares: its registry is
  const refCron = cronObjects({ ...reference, scheduled: null });
  return compareObjects([...reference.objects, ...refCron], [...target.objects, ...cronObjects(target, declared)]);
}

/** One line per difference: `changed  function public.f(integer): line 5: expected …, found …`. */
export function differenceLine(d: Difference): string {
  return `${d.status.padEnd(19)} ${d.kind} ${d.object}${d.detail ? `: ${d.detail}` : ""}`;
}
