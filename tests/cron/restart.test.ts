// Runs missed while the server was down, across restarts. On a cluster of its own (the shared test
// cluster serves other files meanwhile): pg_cron runs the @reboot job housekeeping-server-start at
// each start, which records the start and the last cron run before it; the job-health view then
// adds up the fire times of every outage, not only the last one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createScratchCluster, type ScratchCluster } from "../support/scratch.ts";
import { waitFor } from "../support/wait.ts";

let scratch: ScratchCluster;


const q = <T = Record<string, unknown>>(sql: string) => withClient(scratch.url, (c) => c.query(sql).then((r) => r.rows as T[]));

/** Restarts the server, as after a crash, and waits until pg_cron recorded the new start. */
async function crashAndStart(): Promise<string> {
  scratch.cluster.stop("immediate");
  scratch.cluster.start();
  const r = await waitFor("the @reboot job to record the start", async () => {
    const [row] = await q<{ started: string; recorded: boolean }>(
      `select pg_postmaster_start_time()::text as started,
              exists (select from ops.server_starts where started_at = pg_postmaster_start_time()) as recorded`);
    return row!.recorded && row!;
  }, { ms: 60_000 });
  return r.started;
}

beforeAll(async () => {
  scratch = await createScratchCluster();
}, 180_000);
afterAll(() => scratch?.destroy());

describe("runs missed while the server was down", () => {
  it("records every start through pg_cron's @reboot job and counts the runs missed in each outage", async () => {
    // a job that fires every minute, enabled a day ago, last seen running 3 hours ago
    await q(`select ops.cron_declare('minutely-probe', '* * * * *', 'every minute', 'select 1', 'probe', 'housekeeping', true)`);
    await q(`update ops.cron_jobs set enabled_changed_at = now() - interval '1 day' where name = 'minutely-probe'`);
    await q(`insert into cron.job_run_details (jobid, runid, database, username, command, status, return_message, start_time, end_time)
             select jobid, 990001, 'scratch', 'postgres', 'select 1', 'succeeded', '1 row', now() - interval '3 hours', now() - interval '3 hours'
               from cron.job where jobname = 'minutely-probe'`);
    // with pg_cron stopped (cron.job inactive for every job but the @reboot one), nothing else runs
    // in between, so the first outage is exactly 3 hours long
    await q(`update cron.job set active = false where jobname <> 'housekeeping-server-start'`);
    // runs pg_cron made since the cluster was created (its first @reboot run, a housekeeping job at
    // a minute boundary) would end the outage early: once none is in flight, only the planted run
    // stays as the last sign of life
    await waitFor("pg_cron's runs in flight to finish", async () =>
      (await q<{ n: number }>(`select count(*)::int as n from cron.job_run_details where status in ('starting', 'running')`))[0]!.n === 0,
    { ms: 60_000 });
    await q(`delete from cron.job_run_details where runid <> 990001`);
    const first = await crashAndStart();
    const [s1] = await q<{ down_since: string; outage_min: number }>(
      `select down_since::text, round(extract(epoch from started_at - down_since) / 60)::int as outage_min from ops.server_starts where started_at = '${first}'`);
    expect(s1!.outage_min).toBeGreaterThanOrEqual(180);
    const runs = await q<{ status: string }>(
      `select d.status from cron.job_run_details d join cron.job j using (jobid) where j.jobname = 'housekeeping-server-start' and d.start_time >= '${first}'`);
    expect(runs).toEqual([{ status: "succeeded" }]);

    // a second outage: the server-start run of the first start is now the last sign of life
    const second = await crashAndStart();
    const starts = await q<{ n: number }>(`select count(*)::int as n from ops.server_starts where started_at in ('${first}', '${second}')`);
    expect(starts[0]!.n).toBe(2);
    const [h] = await q<{ missed: number; expected: number }>(
      `select (select missed_while_down from ops.cron_job_health where name = 'minutely-probe') as missed,
              (select sum((select count(*) from ops.cron_fire_times('* * * * *', s.down_since, s.started_at)))::int
                 from ops.server_starts s where s.started_at in ('${first}', '${second}')) as expected`);
    expect(h!.missed).toBe(h!.expected);
    expect(h!.missed).toBeGreaterThanOrEqual(180); // the 3-hour outage alone misses 180 minutely runs
  }, 180_000);
});
