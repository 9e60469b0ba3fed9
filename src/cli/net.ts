// `ssot net worker`: the delivery worker for the net compat schema.
import type { Command } from "commander";
import { z } from "zod";
import { isUnreachable } from "../db/client.ts";
import { NetWorker } from "../net/worker.ts";
import { readyTarget } from "./context.ts";
import { info, UsageError, UserError } from "./out.ts";

const positiveInt = (name: string) => (v: string) => {
  const r = z.coerce.number().int().positive().safeParse(v);
  if (!r.success) throw new UsageError(`--${name}: expected a positive integer, got "${v}"`);
  return r.data;
};

export function registerNet(program: Command) {
  const net = program.command("net").description("pg_net compat: deliver queued HTTP requests where pg_net is not installed");
  net
    .command("worker")
    .description("deliver net.http_request_queue (NOTIFY wake-up, polling fallback), write net._http_response, purge past pg_net.ttl, pump ops.outbox")
    .option("--once", "run one cycle and exit")
    .option("--batch <n>", "requests per transaction (pg_net.batch_size)", positiveInt("batch"), 200)
    .option("--poll-ms <n>", "polling interval when no NOTIFY arrives", positiveInt("poll-ms"), 1000)
    .option("--no-outbox", "do not run ops.outbox_pump() (leave it to the cron job)")
    .option("--json", "machine-readable report (with --once)")
    .action(async (opts) => {
      const t = await readyTarget();
      const worker = new NetWorker({
        url: t.databaseUrl,
        batchSize: opts.batch,
        pollMs: opts.pollMs,
        pumpOutbox: opts.outbox,
        log: (l) => info(`${new Date().toISOString()} ${l}`),
      });
      try {
        if (opts.once) {
          const r = await worker.once();
          info(opts.json ? JSON.stringify(r) : `delivered ${r.delivered}, dispatched ${r.dispatched}, settled ${r.settled}, purged ${r.purged}`);
          return;
        }
        const stop = () => void worker.stop();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        info("net worker running (Ctrl-C to stop)");
        await worker.start();
        info(`net worker stopped: delivered ${worker.totals.delivered} in total`);
      } catch (e) {
        if (isUnreachable(e)) throw e; // exit 2, like every command that cannot reach the database
        throw new UserError((e as Error).message);
      }
    });
}
