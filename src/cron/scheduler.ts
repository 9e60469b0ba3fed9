// pg_cron's scheduler (the "pg_cron launcher" background worker) exits for good when the database
// it lives in is dropped: DROP DATABASE … WITH (FORCE) terminates it, and it does not come back
// until the server restarts, so every job silently stops. `ssot reset` and the test harness drop
// that database; this brings the scheduler back: on the embedded cluster by restarting it,
// elsewhere by saying so.
import type { LocalCluster } from "../cluster/local.ts";
import { withClient } from "../db/client.ts";

export type CronSchedulerState = "running" | "restarted" | "not-preloaded" | "stopped";

/**
 * Whether pg_cron's scheduler runs. A scheduler that waits for its database to be created (a fresh
 * cluster) exits and is restarted by the postmaster every second or so: only a scheduler absent
 * for `graceMs` counts as stopped.
 */
export async function cronSchedulerState(rootUrl: string, graceMs = 3000): Promise<Exclude<CronSchedulerState, "restarted">> {
  return withClient(rootUrl, async (c) => {
    const until = Date.now() + graceMs;
    for (;;) {
      const r = await c.query(`select current_setting('shared_preload_libraries') ~ '(^|[\\s,])pg_cron($|[\\s,])' as preloaded,
                                      exists (select from pg_stat_activity where backend_type = 'pg_cron launcher') as running`);
      const { preloaded, running } = r.rows[0] as { preloaded: boolean; running: boolean };
      if (!preloaded) return "not-preloaded";
      if (running) return "running";
      if (Date.now() >= until) return "stopped";
      await new Promise((res) => setTimeout(res, 200));
    }
  });
}

/** Restarts the embedded cluster when pg_cron is preloaded but its scheduler is gone. */
export async function ensureCronScheduler(rootUrl: string, cluster?: LocalCluster): Promise<CronSchedulerState> {
  const state = await cronSchedulerState(rootUrl);
  if (state !== "stopped" || !cluster) return state;
  cluster.stop("fast");
  cluster.start();
  return "restarted";
}

export const cronSchedulerStoppedHint =
  "pg_cron's scheduler is not running (it exits for good when its database is dropped): restart the server, or no cron job runs";
