// Shared by the tests of `ssot events`: old monthly partitions made as create_event_partitions
// makes them (guards, RLS, policy), backdated events inserted by the owner, and the CLI.
import fs from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { withClient } from "../../src/db/client.ts";
import { runCliAsync, type CliResult } from "../../src/testrun/run-cli.ts";

export const sql = <T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []) =>
  withClient(url, (c) => c.query(text, params).then((r) => r.rows as T[]));

/** ops.events_YYYY_MM for a month in the past, laid out as ops.create_event_partitions lays out a partition. */
export async function oldPartition(url: string, month: string) {
  const p = `events_${month.replace("-", "_")}`;
  await sql(url, `do $$
    declare lo timestamptz := '${month}-01 00:00:00+00';
    begin
      execute format('create table ops.%I partition of ops.events for values from (%L) to (%L)', '${p}', lo, lo + interval '1 month');
      execute format('create trigger _100_append_only_statement before update or delete or truncate on ops.%I for each statement execute function ops.tg__append_only()', '${p}');
      execute format('alter table ops.%I enable row level security', '${p}');
      execute format('create policy events_service_read on ops.%I for select to service_role using (true)', '${p}');
      execute format('comment on policy events_service_read on ops.%I is %L', '${p}', 'service_role reads the partition.');
      execute format('revoke update, delete, truncate on ops.%I from public, current_user', '${p}');
      execute format('comment on table ops.%I is %L', '${p}', 'Partition of ops.events for ${month} (UTC).');
    end $$`);
  return p;
}

/** n backdated events in that month, as the owner; texts that test the canonical form (quotes, newlines, backslashes, unicode, nulls). */
export async function backdated(url: string, month: string, n: number, tag: string) {
  await sql(url, `insert into ops.events (occurred_at, source, event_type, aggregate_type, aggregate_id, correlation_id, payload)
    select timestamptz '${month}-10 12:00:00.123456+00' + g * interval '1 minute 7.000001 seconds', 'test.archive', $1,
           case when g % 2 = 0 then 'thing' end, g::text, case when g % 3 = 0 then gen_random_uuid() end,
           jsonb_build_object('i', g, 'text', E'line\\nbreak "quoted" \\\\ \u00fcn\u00efc\u00f8d\u00e9 \u2028', 'n', 1.50, 'none', null)
      from generate_series(1, $2::int) g`, [tag, n]);
}

export const seal = (url: string) => sql<{ seal_id: number }>(url, `select seal_id from ops.seal_events()`).then((r) => r.map((x) => x.seal_id));

export const ssot = (url: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  runCliAsync([...args, "--database-url", url], { env });

/** Rewrites one line of a gzip'd archive (gunzip, change, gzip). */
export function tamper(file: string, change: (line: string, i: number) => string) {
  const lines = gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n");
  fs.writeFileSync(file, gzipSync(lines.map(change).join("\n")));
}

export const chainOk = (url: string) => sql<{ ok: boolean; problem: string | null }>(url, `select ok, problem from ops.verify_event_seals()`).then((r) => r[0]);
