// The webhook worker behind `ssot odoo process`: claims a batch (committed at once, so the
// events show as processing and other workers skip them), then runs each event in its own
// transaction. If this process dies mid-batch, its backend goes away and another worker
// reclaims the claims at once (odoo.claim_webhook_events checks the claimer's backend). If the
// server restarts, the worker reconnects (src/db/reconnect.ts) and reclaims its own claims.
import os from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { runReconnecting } from "../db/reconnect.ts";

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
  /** Where the one line about a lost connection goes (the CLI: stderr). */
  log?: (line: string) => void;
  /** Called after each processed event (tests use it to kill a worker mid-batch). */
  afterEvent?: (id: string, outcome: string) => Promise<void> | void;
}

export function defaultWorkerName() {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export async function runWorker(url: string, opts: WorkerOptions = {}): Promise<WorkerCounts> {
  const worker = opts.worker ?? defaultWorkerName();
  const total: WorkerCounts = { claimed: 0, completed: 0, failed: 0, dead: 0, lost: 0 };
  let c: pg.Client | undefined;
  /** Why the connection broke while idle (pg reports it as an 'error' event, not through a query). */
  let broken: Error | undefined;

  const batch = async (db: pg.Client): Promise<boolean> => {
    const ids = (await db.query(`select odoo.claim_webhook_events($1, $2, make_interval(secs => $3)) as id`, [worker, opts.batch ?? 50, opts.leaseSeconds ?? 300]))
      .rows.map((r) => r.id as string);
    const counts: WorkerCounts = { claimed: ids.length, completed: 0, failed: 0, dead: 0, lost: 0 };
    total.claimed += ids.length;
    for (const id of ids) {
      const outcome = (await db.query(`select odoo.run_webhook_event($1, $2) as r`, [id, worker])).rows[0].r as keyof WorkerCounts;
      counts[outcome]++;
      total[outcome]++;
      await opts.afterEvent?.(id, outcome);
    }
    if (ids.length) opts.onBatch?.(counts);
    else if (opts.once) return false;
    else await sleep(opts.pollMs ?? 1000, opts.signal);
    return true;
  };

  // After a lost connection the rest of the batch in memory is dropped: its events are still
  // claimed by the vanished backend, so the next claim takes them back ('reclaimed'); an event
  // whose run committed before the loss is completed and stays so. Nothing runs twice.
  await runReconnecting({
    label: `worker ${worker}`,
    say: opts.log ?? (() => {}),
    running: () => !opts.signal?.aborted,
    connect: async () => {
      broken = undefined;
      c = new pg.Client({ connectionString: url, application_name: `ssot odoo worker ${worker}` });
      c.on("error", (e) => (broken ??= e));
      await c.connect();
    },
    disconnect: async () => {
      const old = c;
      c = undefined;
      await old?.end().catch(() => {});
    },
    step: async () => {
      try {
        return await batch(c!);
      } catch (e) {
        throw broken ?? e;
      }
    },
  });
  return total;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
