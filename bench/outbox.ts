// npm run bench -- outbox [--requests N] [--rounds R] [--concurrency C]
// Delivered requests per second through the durable path (ops.outbox_enqueue -> dispatch with an
// HMAC signature -> net.http_post -> ssot net worker -> net._http_response -> reconciled back onto
// the outbox) vs Node posting the same signed bodies straight to the same local receiver, with the
// same concurrency, interleaved in rounds. The outbox path adds durability (logged rows, at-least-
// once across crashes); the ratio is what that costs. It is reported; no target is set.
import { createHmac } from "node:crypto";
import { z } from "zod";
import { withClient } from "../src/db/client.ts";
import { NetWorker } from "../src/net/worker.ts";
import { createTestDatabase, prepareTestCluster, testEnvToProcessEnv } from "../src/testrun/cluster.ts";
import { startReceiver } from "../tests/support/receiver.ts";

const argsShape = z.object({
  requests: z.coerce.number().int().positive().default(2000),
  rounds: z.coerce.number().int().positive().default(3),
  concurrency: z.coerce.number().int().positive().default(200),
});

function parseArgs(args: string[]) {
  const o: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) if (args[i]!.startsWith("--")) o[args[i]!.slice(2)] = args[++i] ?? "";
  const r = argsShape.safeParse(o);
  if (!r.success) throw new Error(`bench outbox: ${r.error.issues[0]!.path.join(".")}: ${r.error.issues[0]!.message}`);
  return r.data;
}

const key = "bench-signing-key";

async function direct(url: string, n: number, concurrency: number) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const body = JSON.stringify({ n: i });
        const ts = String(Math.floor(Date.now() / 1000));
        const sig = createHmac("sha256", key).update(`${ts}.${body}`).digest("hex");
        const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-ipai-timestamp": ts, "x-ipai-signature": sig }, body });
        await res.text();
        if (res.status !== 200) throw new Error(`direct: HTTP ${res.status}`);
      }
    }),
  );
  return performance.now() - t0;
}

async function throughOutbox(dbUrl: string, url: string, n: number, concurrency: number, round: number) {
  const worker = new NetWorker({ url: dbUrl, batchSize: concurrency, outboxBatch: concurrency * 5 });
  const t0 = performance.now();
  await withClient(dbUrl, (c) =>
    c.query(`select ops.outbox_enqueue('bench-${round}', jsonb_build_object('n', g), url => $1, signing_secret => 'n8n_webhook_signing_secret')
               from generate_series(1, $2) g`, [url, n]),
  );
  for (;;) {
    await worker.once();
    const r = await withClient(dbUrl, (c) => c.query(`select count(*) filter (where status <> 'delivered')::int as open from ops.outbox where topic = $1`, [`bench-${round}`]));
    if (r.rows[0].open === 0) break;
  }
  return performance.now() - t0;
}

export async function run(args: string[]) {
  const opts = parseArgs(args);
  const t = await prepareTestCluster();
  Object.assign(process.env, testEnvToProcessEnv(t));
  const db = await createTestDatabase("bench_outbox");
  const rx = await startReceiver({ secret: key, respond: (r) => ({ status: r.signatureValid ? 200 : 401 }) });
  try {
    await withClient(db.url, (c) => c.query(`select control_plane.set_secret('n8n_webhook_signing_secret', $1)`, [key]));
    await direct(`${rx.url}/warm`, 200, opts.concurrency);
    await throughOutbox(db.url, `${rx.url}/warm`, 200, opts.concurrency, -1);
    let d = 0;
    let o = 0;
    for (let r = 0; r < opts.rounds; r++) {
      if (r % 2 === 0) {
        d += await direct(`${rx.url}/direct`, opts.requests, opts.concurrency);
        o += await throughOutbox(db.url, `${rx.url}/outbox`, opts.requests, opts.concurrency, r);
      } else {
        o += await throughOutbox(db.url, `${rx.url}/outbox`, opts.requests, opts.concurrency, r);
        d += await direct(`${rx.url}/direct`, opts.requests, opts.concurrency);
      }
    }
    const bad = rx.received.filter((x) => !x.signatureValid).length;
    const n = opts.requests * opts.rounds;
    console.log(`outbox: ${n} signed POSTs per path, ${opts.rounds} interleaved rounds, concurrency ${opts.concurrency}, local receiver`);
    console.log(`  direct HTTP from Node                  ${(n / (d / 1000)).toFixed(0).padStart(7)} requests/s`);
    console.log(`  ops.outbox -> net -> ssot net worker   ${(n / (o / 1000)).toFixed(0).padStart(7)} requests/s (durable, signed in SQL, reconciled)`);
    console.log(`  ratio outbox/direct throughput: ${(d / o).toFixed(2)}x  (reported, no target set; bad signatures: ${bad})`);
  } finally {
    await rx.close();
    await db.drop();
  }
}
