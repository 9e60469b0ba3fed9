// The webhook worker behind `ssot odoo process`: claims a batch (committed at once, so the
// events show as processing and other workers skip them), then runs each event in its own
// transaction. If this process dies mid-batch, its backend goes away and another worker
// reclaims the claims at once (odoo.claim_webhook_events checks the claimer's backend).
import os from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface WorkerCounts {
  claimed: number;
  completed: number;
  failed: number;
  dead: number;
  lost: number;
}

export interface WorkerOptions {
  worker?: string;
  batch?: number;
  leaseSeconds?: number;
  /** Stop when a claim comes back empty (otherwise poll every pollMs until the signal aborts). */
  once?: boolean;
  pollMs?: number;
  signal?: AbortSignal;
  onBatch?: (counts: WorkerCounts) => void;
  /** Called after each processed event (tests use it to kill a worker mid-batch). */
  afterEvent?: (id: string, outcome: string) => Promise<void> | void;
}

export function defaultWorkerName() {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export async function runWorker(url: string, opts: WorkerOptions = {}): Promise<WorkerCounts> {
  const worker = opts.worker ?? defaultWorkerName();
  const total: WorkerCounts = { claimed: 0, completed: 0, failed: 0, dead: 0, lost: 0 };
  const c = new pg.Client({ connectionString: url, application_name: `ssot odoo worker ${worker}` });
  await c.connect();
  try {
    while (!opts.signal?.aborted) {
      const ids = (await c.query(`select odoo.claim_webhook_events($1, $2, make_interval(secs => $3)) as id`, [worker, opts.batch ?? 50, opts.leaseSeconds ?? 300]))
        .rows.map((r) => r.id as string);
      const counts: WorkerCounts = { claimed: ids.length, completed: 0, failed: 0, dead: 0, lost: 0 };
      for (const id of ids) {
        const outcome = (await c.query(`select odoo.run_webhook_event($1, $2) as r`, [id, worker])).rows[0].r as keyof WorkerCounts;
        counts[outcome]++;
        await opts.afterEvent?.(id, outcome);
      }
      for (const k of Object.keys(total) as (keyof WorkerCounts)[]) total[k] += counts[k];
      if (ids.length) opts.onBatch?.(counts);
      if (ids.length === 0) {
        if (opts.once) break;
        await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
      }
    }
    return total;
  } finally {
    await c.end().catch(() => {});
  }
}
