// db/cron applied again and again (as every `ssot migrate` may) leaves exactly one pg_cron job per
// name, with the UTC schedules of the Manila times, and keeps what an operator enabled.
import { afterAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { applyDefinitions } from "../../src/definitions/apply.ts";
import { requireTestEnv } from "../../src/testrun/cluster.ts";

const url = () => requireTestEnv().cronUrl; // pg_cron lives only in this database
afterAll(async () => {
  await withClient(url(), (c) => c.query(`select ops.cron_set_enabled('health-check', false)`));
});

describe("db/cron reconciliation", () => {
  it("applying the definitions twice leaves one job per name", async () => {
    await withClient(url(), (c) => c.query(`select ops.cron_set_enabled('health-check', true)`));
    await applyDefinitions(url(), { force: true });
    await applyDefinitions(url(), { force: true });
    const r = await withClient(url(), (c) =>
      c.query(`select j.jobname::text as name, count(*)::int as n, min(j.schedule) as schedule, bool_and(j.active) as active
                 from cron.job j join ops.cron_jobs d on d.name = j.jobname
                where d.kind = 'n8n' group by j.jobname order by j.jobname`),
    );
    expect(r.rows).toEqual([
      { name: "bir-compliance-alerts", n: 1, schedule: "0 0 * * *", active: false }, // 08:00 Manila
      { name: "health-check", n: 1, schedule: "*/15 * * * *", active: true }, // enabled above, kept
      { name: "ppm-reminders", n: 1, schedule: "0 1 * * 1", active: false }, // Mondays 09:00 Manila
      { name: "stale-data-cleanup", n: 1, schedule: "0 18 * * *", active: false }, // 02:00 Manila
    ]);
    const dupes = await withClient(url(), (c) => c.query(`select jobname from cron.job group by jobname having count(*) > 1`));
    expect(dupes.rows).toEqual([]);
  });
});
