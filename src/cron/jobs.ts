// The jobs db/cron declares, as ops.cron_job_health shows them, and turning one on or off
// (ops.cron_set_enabled flips ops.cron_jobs.enabled and reconciles pg_cron).
import type pg from "pg";

export interface CronJobHealth {
  name: string;
  kind: string;
  schedule: string;
  local_time: string;
  enabled: boolean;
  scheduled: boolean;
  active: boolean;
  last_run: string | null;
  last_status: string | null;
  consecutive_failures: number;
  silent: boolean;
  missed_while_down: number;
}

export async function cronJobHealth(c: pg.Client): Promise<CronJobHealth[]> {
  const r = await c.query(`select name, kind, schedule, local_time, enabled, scheduled, active,
                        to_char(last_run_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as last_run, last_status,
                        consecutive_failures, silent, missed_while_down
                   from ops.cron_job_health order by kind desc, name`);
  return r.rows as CronJobHealth[];
}

/** Enables or disables a declared job; an unknown name is refused with a SQLSTATE SSnnn. */
export async function setCronEnabled(c: pg.Client, name: string, enabled: boolean) {
  await c.query(`select ops.cron_set_enabled($1, $2)`, [name, enabled]);
}
