// `ssot events archive|verify|restore`: the partition lifecycle of ops.events with its seals
// intact (src/events, docs/events.md).
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { databaseUrlOption } from "../config/env.ts";
import { ConnectError, withClient, type Client } from "../db/client.ts";
import { ArchiveError, archiveBefore } from "../events/archive.ts";
import { ManifestError, manifestPathFor } from "../events/manifest.ts";
import { RestoreError, restoreArchive } from "../events/restore.ts";
import { verifyEvents } from "../events/verify.ts";
import { ANCHOR_KEY_ENV, verifyAnchors } from "../events/anchors.ts";
import { currentTarget } from "./context.ts";
import { userErrorFromSql } from "./errors.ts";
import { dim, EXIT, green, info, red, UsageError, UserError } from "./out.ts";

interface DbOpts {
  databaseUrl?: string;
}

async function connect<T>(opts: DbOpts, fn: (c: Client) => Promise<T>): Promise<T> {
  const url = opts.databaseUrl === undefined ? currentTarget().databaseUrl : databaseUrlOption(opts.databaseUrl);
  try {
    return await withClient(url, fn, "ssot events");
  } catch (e) {
    if (e instanceof ConnectError && opts.databaseUrl === undefined) throw new UserError(`${e.message} (start the local cluster with \`npx ssot up\`, or pass --database-url)`, EXIT.unreachable);
    if (e instanceof ArchiveError || e instanceof RestoreError || e instanceof ManifestError) throw new UserError(e.message);
    throw userErrorFromSql(e, { show: "code" });
  }
}

/** --before: a calendar date, YYYY-MM-DD. */
export function parseDate(v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== v) throw new UsageError(`--before must be a date YYYY-MM-DD (got "${v}")`);
  return v;
}

function existingDir(v: string, option: string): string {
  if (!fs.existsSync(v)) throw new UsageError(`${option} ${v}: no such directory`);
  if (!fs.statSync(v).isDirectory()) throw new UsageError(`${option} ${v}: not a directory`);
  return path.resolve(v);
}

async function archiveAction(opts: DbOpts & { before: string; to: string }) {
  const before = parseDate(opts.before);
  const dir = existingDir(opts.to, "--to");
  const done = await connect(opts, (c) =>
    archiveBefore(c, before, dir, (a) =>
      info(`archived ops.${a.partition} → ${a.file} ${dim(`(${a.rows} events, seals ${a.seals.join(", ") || "none"}${a.reused ? ", file of an earlier run verified and reused" : ""})`)}`),
    ),
  );
  if (!done.length) info(`no finished partition of ops.events ends on or before ${before}`);
}

async function verifyAction(opts: DbOpts & { archive?: string; json?: boolean }) {
  const dir = opts.archive === undefined ? undefined : existingDir(opts.archive, "--archive");
  // the anchor receiver's key, held outside the database (docs/anchors.md); without it the receipts are not checked
  const key = process.env[ANCHOR_KEY_ENV] || undefined;
  const r = await connect(opts, async (c) => {
    const events = await verifyEvents(c, { archiveDir: dir });
    // the event log was re-hashed above (archives included): the anchors re-hash the access log only
    const anchors = key ? await verifyAnchors(c, { key, recompute: ["control_plane.access_log"] }) : undefined;
    if (anchors) events.problems.push(...anchors.problems);
    return { ...events, anchorsChecked: anchors ? anchors.anchorsChecked : null };
  });
  process.exitCode = r.problems.length ? EXIT.failed : EXIT.ok;
  if (opts.json) return info(JSON.stringify(r));
  for (const p of r.problems) info(red(`problem ${p.name}: ${p.message}`));
  info(key ? dim(`${r.anchorsChecked} anchor receipts checked with ${ANCHOR_KEY_ENV}`)
           : dim(`anchors not checked: ${ANCHOR_KEY_ENV} is not set (the anchor receiver's key; docs/anchors.md)`));
  const why = dir === undefined ? "give --archive DIR to re-read the files" : "their files could not be read";
  const counted = r.counted ? `, ${r.counted} with archived events counted only (${why})` : "";
  const summary = `${r.seals} seals: ${r.inDatabase} re-hashed in the database, ${r.fromArchives} re-hashed with events of the ${r.archives} archived partitions${counted}`;
  info(r.problems.length ? `${r.problems.length} problems; ${summary}` : green(`the chain holds; ${summary}`));
}

async function restoreAction(file: string, opts: DbOpts) {
  if (!file.endsWith(".jsonl.gz")) throw new UsageError(`${file}: an archive file's name ends with .jsonl.gz`);
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  if (!fs.existsSync(manifestPathFor(file))) throw new UsageError(`${file}: its manifest ${manifestPathFor(file)} is missing`);
  const r = await connect(opts, async (c) => {
    const restored = await restoreArchive(c, file);
    const v = (await c.query(`select ok, problem from ops.verify_event_seals()`)).rows[0] as { ok: boolean; problem: string | null };
    return { restored, v };
  });
  info(`restored ops.${r.restored.partition} read-only from ${file} ${dim(`(${r.restored.rows} events, seals ${r.restored.seals.join(", ") || "none"})`)}`);
  if (!r.v.ok) throw new UserError(`the seal chain does not verify after the restore: ${r.v.problem}`);
  info(green("the seal chain verifies"));
}

export function registerEvents(program: Command) {
  const ev = program.command("events").description("the partition lifecycle of ops.events: archive finished months to files, verify the seal chain, restore");
  const db = "the database (default: DATABASE_URL or the embedded dev database)";
  ev.command("archive")
    .description("write each finished monthly partition ending on or before DATE to DIR, verify the file against the seals, then drop the partition")
    .requiredOption("--before <date>", "archive partitions whose month ends on or before this date (YYYY-MM-DD, UTC)")
    .requiredOption("--to <dir>", "an existing directory for the archive files and their manifests")
    .option("--database-url <url>", db)
    .action(archiveAction);
  ev.command("verify")
    .description("verify the seal chain across the database and the archive files; every problem is named, exit 1 when there is one")
    .option("--archive <dir>", "the directory holding the archive files (without it archived events are counted, not re-read)")
    .option("--database-url <url>", db)
    .option("--json", "machine-readable output")
    .action(verifyAction);
  ev.command("restore")
    .description("verify an archive file against its manifest and the seals, then attach it again as a read-only partition")
    .argument("<file>", "an archive file (events_YYYY_MM.jsonl.gz, its manifest next to it)")
    .option("--database-url <url>", db)
    .action(restoreAction);
}
