// `ssot net worker`: delivers the requests the net compat schema (db/compat/50_net.sql) queues,
// as pg_net's background worker does where the extension exists. It claims a batch of
// net.http_request_queue rows with `for update skip locked` (several workers never collide), sends
// them concurrently, honours each row's timeout_milliseconds, and in the same transaction writes
// net._http_response and deletes the queue rows: a crash mid-delivery leaves the rows queued (or,
// the tables being unlogged, empties both, which the outbox reconciler detects and retries).
// Woken by NOTIFY ssot_net, polling as a fallback; it also purges responses past pg_net.ttl and,
// unless told not to, pumps the outbox (ops.outbox_pump) so delivery does not wait for cron.
import pg from "pg";
import { z } from "zod";
import { runReconnecting } from "../db/reconnect.ts";

export const queueRow = z.object({
  id: z.string(), // bigint as text
  method: z.enum(["GET", "POST", "DELETE"]),
  url: z.string(),
  headers: z.record(z.string(), z.unknown()).nullable(),
  body: z.instanceof(Buffer).nullable(),
  timeout_milliseconds: z.number().int().positive(),
});
export type QueueRow = z.infer<typeof queueRow>;

export interface NetResponse {
  id: string;
  status_code: number | null;
  content_type: string | null;
  headers: Record<string, string> | null;
  content: string | null;
  timed_out: boolean;
  error_msg: string | null;
}

export interface WorkerOptions {
  url: string;
  /** Requests claimed per transaction (pg_net.batch_size, default 200). */
  batchSize?: number;
  /** Polling fallback when no NOTIFY arrives (ms). */
  pollMs?: number;
  /** Run ops.outbox_pump() every cycle (default true when the function exists). */
  pumpOutbox?: boolean;
  /** Outbox rows dispatched per pump (ops.outbox_pump batch_size, default 200). */
  outboxBatch?: number;
  /** How often to purge responses past pg_net.ttl (ms). */
  purgeEveryMs?: number;
  log?: (line: string) => void;
}

export interface CycleReport {
  delivered: number;
  dispatched: number;
  settled: number;
  purged: number;
}

/** Sends one queued request; never throws: failures become pg_net-shaped error responses. */
export async function deliver(row: QueueRow): Promise<NetResponse> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(row.headers ?? {})) headers[k] = String(v);
  const signal = AbortSignal.timeout(row.timeout_milliseconds);
  const started = performance.now();
  try {
    const res = await fetch(row.url, { method: row.method, headers, body: row.body ? new Uint8Array(row.body) : undefined, signal });
    const content = await res.text();
    const h: Record<string, string> = {};
    res.headers.forEach((v, k) => (h[k] = v));
    return { id: row.id, status_code: res.status, content_type: res.headers.get("content-type"), headers: h, content, timed_out: false, error_msg: null };
  } catch (e) {
    const err = e as Error & { cause?: Error };
    const timedOut = err.name === "TimeoutError" || err.name === "AbortError" || signal.aborted;
    const msg = timedOut
      ? `Timeout of ${row.timeout_milliseconds} ms reached. Total time: ${Math.round(performance.now() - started)} ms`
      : `${err.message}${err.cause?.message ? `: ${err.cause.message}` : ""}`;
    return { id: row.id, status_code: null, content_type: null, headers: null, content: null, timed_out: timedOut, error_msg: msg };
  }
}

/** The database is not one this worker serves (pg_net present, or no compat queue): not retried. */
export class NetSetupError extends Error {}

export class NetWorker {
  private work?: pg.Client;
  private listener?: pg.Client;
  private running = false;
  private wake?: () => void;
  /** A NOTIFY arrived since the last cycle began (so a wake-up during a cycle is not lost). */
  private notified = false;
  private lastPurge = 0;
  private loop?: Promise<void>;
  private hasPump = false;
  readonly totals: CycleReport = { delivered: 0, dispatched: 0, settled: 0, purged: 0 };

  constructor(readonly opts: WorkerOptions) {}

  private log(line: string) {
    this.opts.log?.(line);
  }

  private async connect() {
    const work = new pg.Client({ connectionString: this.opts.url, application_name: "ssot net worker" });
    work.on("error", () => {}); // surfaced by the next query
    await work.connect();
    const ext = await work.query(`select exists (select from pg_extension where extname = 'pg_net') as pg_net,
                                         to_regclass('net.http_request_queue') is not null as compat,
                                         to_regprocedure('ops.outbox_pump(integer)') is not null as pump`);
    if (ext.rows[0].pg_net) {
      await work.end();
      throw new NetSetupError("pg_net is installed in this database: its own background worker delivers requests; ssot net worker is for the net compat schema");
    }
    if (!ext.rows[0].compat) {
      await work.end();
      throw new NetSetupError("this database has no net.http_request_queue: run the bootstrap (ssot migrate) first");
    }
    this.hasPump = ext.rows[0].pump && this.opts.pumpOutbox !== false;
    const listener = new pg.Client({ connectionString: this.opts.url, application_name: "ssot net worker (listen)" });
    listener.on("error", () => this.wake?.());
    await listener.connect();
    listener.on("notification", () => {
      this.notified = true;
      this.wake?.();
    });
    await listener.query("listen ssot_net");
    this.work = work;
    this.listener = listener;
  }

  private async disconnect() {
    const [w, l] = [this.work, this.listener];
    this.work = this.listener = undefined;
    await Promise.allSettled([w?.end(), l?.end()]);
  }

  /** Claims, delivers and records one batch; returns how many requests it delivered. */
  async deliverBatch(): Promise<number> {
    const c = this.work!;
    await c.query("begin");
    try {
      const r = await c.query(
        `select id::text as id, method::text as method, url, headers, body, timeout_milliseconds
           from net.http_request_queue order by id limit $1 for update skip locked`,
        [this.opts.batchSize ?? 200],
      );
      if (r.rowCount === 0) {
        await c.query("commit");
        return 0;
      }
      const rows = r.rows.map((x) => queueRow.parse(x));
      const responses = await Promise.all(rows.map(deliver));
      await c.query(
        `insert into net._http_response (id, status_code, content_type, headers, content, timed_out, error_msg)
         select id, status_code, content_type, headers, content, timed_out, error_msg
           from jsonb_to_recordset($1::jsonb) as x(id bigint, status_code int, content_type text, headers jsonb,
                                                   content text, timed_out boolean, error_msg text)`,
        [JSON.stringify(responses)],
      );
      await c.query(`delete from net.http_request_queue where id = any($1::bigint[])`, [rows.map((x) => x.id)]);
      await c.query("commit");
      return rows.length;
    } catch (e) {
      await c.query("rollback").catch(() => {});
      throw e;
    }
  }

  /** One cycle: pump the outbox, deliver what is queued, purge old responses. */
  async cycle(): Promise<CycleReport> {
    const rep: CycleReport = { delivered: 0, dispatched: 0, settled: 0, purged: 0 };
    this.notified = false;
    if (this.hasPump) {
      const p = await this.work!.query(`select ops.outbox_pump($1) as r`, [this.opts.outboxBatch ?? 200]);
      rep.dispatched = p.rows[0].r.dispatched;
      rep.settled = p.rows[0].r.settled;
    }
    for (let n = await this.deliverBatch(); n > 0; n = await this.deliverBatch()) rep.delivered += n;
    if (this.hasPump && rep.delivered > 0) {
      const p = await this.work!.query(`select ops.outbox_pump($1) as r`, [this.opts.outboxBatch ?? 200]);
      rep.dispatched += p.rows[0].r.dispatched;
      rep.settled += p.rows[0].r.settled;
    }
    if (Date.now() - this.lastPurge > (this.opts.purgeEveryMs ?? 60_000)) {
      const p = await this.work!.query(`select net.purge_responses() as n`);
      rep.purged = Number(p.rows[0].n);
      this.lastPurge = Date.now();
    }
    for (const k of Object.keys(rep) as (keyof CycleReport)[]) this.totals[k] += rep[k];
    if (rep.delivered || rep.dispatched || rep.settled || rep.purged) {
      this.log(`delivered ${rep.delivered}, dispatched ${rep.dispatched}, settled ${rep.settled}, purged ${rep.purged}`);
    }
    return rep;
  }

  /** Connects and runs one cycle (for `--once` and tests). */
  async once(): Promise<CycleReport> {
    if (!this.work) await this.connect();
    try {
      return await this.cycle();
    } finally {
      if (!this.running) await this.disconnect();
    }
  }

  /** Runs until stop(); reconnects (with a pause) when the server goes away (src/db/reconnect.ts). */
  start(): Promise<void> {
    this.running = true;
    this.loop = runReconnecting({
      label: "net worker",
      say: (l) => this.log(l),
      running: () => this.running,
      connect: () => this.connect(),
      disconnect: () => this.disconnect(),
      step: async () => {
        const rep = await this.cycle();
        if (rep.delivered === 0 && rep.dispatched === 0 && rep.settled === 0) await this.idle();
        return true;
      },
      // any failure but a database this worker is not for is retried, as before the shared loop
      retry: (e) => !(e instanceof NetSetupError),
    }).finally(() => {
      this.running = false;
    });
    return this.loop;
  }

  private idle(): Promise<void> {
    if (this.notified) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, this.opts.pollMs ?? 1000);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop?.catch(() => {});
  }
}
