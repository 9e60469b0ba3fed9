// `ssot diff`: drift between db/ and a live database (a hand edit in the Supabase dashboard, a
// definition changed but not applied). The reference is built from db/ on the local cluster (started
// as `ssot up` starts it) and dropped afterwards, or given with --reference-url.
import type { Command } from "commander";
import { databaseUrlOption } from "../config/env.ts";
import { ConnectError, redact } from "../db/client.ts";
import { differenceLine } from "../diff/compare.ts";
import { diffDatabases, NotInstalledError, requireInstalled, type Difference } from "../diff/diff.ts";
import { buildReference, type Reference } from "../diff/reference.ts";
import { devCluster } from "../cluster/targets.ts";
import { currentTarget, env } from "./context.ts";
import { ensureProvisioned } from "./provision.ts";
import { dim, EXIT, green, info, red, UserError, yellow } from "./out.ts";

interface DiffOptions {
  databaseUrl?: string;
  referenceUrl?: string;
  json?: boolean;
}

/** The local dev cluster, provisioned and started as `ssot up` does: the reference is built there. */
function localCluster() {
  const cluster = devCluster(env());
  ensureProvisioned();
  cluster.start();
  return cluster;
}

async function checkTarget(url: string, given: boolean) {
  try {
    await requireInstalled(url);
  } catch (e) {
    if (e instanceof NotInstalledError) throw new UserError(`${redact(url)}: ${e.message}`);
    if (e instanceof ConnectError && !given) throw new UserError(`${e.message} (start the local cluster with \`npx ssot up\`, or pass --database-url)`, EXIT.unreachable);
    throw e;
  }
}

const paint = { changed: yellow, "missing in database": red, "not declared": red } as const;

function print(url: string, differences: Difference[], built: boolean) {
  const from = built ? "db/" : "the reference database";
  if (differences.length === 0) {
    info(green(`ssot diff: ${redact(url)} matches ${from}`));
    return;
  }
  for (const d of differences) info(paint[d.status](differenceLine(d)));
  info(red(`ssot diff: ${differences.length} difference${differences.length === 1 ? "" : "s"} between ${redact(url)} and ${from}`));
  info(dim("  changed: differs from what db/ creates · missing in database: db/ creates it, the database lacks it · not declared: no file creates it"));
}

async function runDiff(opts: DiffOptions) {
  const given = opts.databaseUrl !== undefined || !!process.env.DATABASE_URL;
  if (opts.databaseUrl !== undefined) databaseUrlOption(opts.databaseUrl);
  const referenceUrl = opts.referenceUrl === undefined ? undefined : databaseUrlOption(opts.referenceUrl, "--reference-url");
  // the local cluster serves the reference to build, and the target when it is the dev database
  const cluster = referenceUrl === undefined || !given ? localCluster() : undefined;
  // read after the start: the URL carries the port the cluster really listens on
  const url = opts.databaseUrl ?? currentTarget().databaseUrl;
  await checkTarget(url, given);
  const ref: Reference = referenceUrl !== undefined ? { url: referenceUrl, drop: async () => {} } : await buildReference(cluster!.url("postgres"));
  let differences: Difference[];
  try {
    differences = await diffDatabases(ref.url, url);
  } catch (e) {
    if (e instanceof NotInstalledError) throw new UserError(`the reference ${redact(ref.url)}: ${e.message}`);
    throw e;
  } finally {
    await ref.drop();
  }
  if (opts.json) info(JSON.stringify({ ok: differences.length === 0, database: redact(url), reference: referenceUrl === undefined ? "db/" : redact(referenceUrl), differences }, null, 2));
  else print(url, differences, referenceUrl === undefined);
  process.exitCode = differences.length === 0 ? EXIT.ok : EXIT.failed;
}

export function registerDiff(program: Command) {
  program
    .command("diff")
    .description("drift between db/ and a database: every function, view, trigger, policy, grant, table and cron job that differs from what db/ creates, or that no file declares; exit 1 on any difference")
    .option("--database-url <url>", "the database to compare (default: DATABASE_URL or the embedded dev database)")
    .option("--reference-url <url>", "compare with this database instead of one built from db/ on the local cluster (e.g. staging against production)")
    .option("--json", "print the differences as JSON")
    .action(runDiff);
}
