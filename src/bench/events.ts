// `npm run bench -- events [--events N] [--rounds R] [--rows M]`
// 1. ops.emit vs a plain INSERT into the same table (ops.events itself), interleaved rounds:
//    a) per call from a client (one prepared statement per event), b) inside the server (a plpgsql
//    loop of single-row inserts vs ops.emit calls), which isolates the function's own cost.
// 2. the emit rate into a large ops.events (--rows M rows) vs an empty one, two databases side by
//    side, interleaved rounds. SPEC target: 10M rows ≥ 0.9×; the default M runs in a few minutes here.
import pg from "pg";
import { withClient } from "../db/client.ts";
import { createTestDatabase, prepareTestCluster, testEnvToProcessEnv } from "../testing/cluster.ts";
import { fmt, intOption, median, timed } from "./_util.ts";

const INSERT = `insert into ops.events (source, event_type, payload, aggregate_type, aggregate_id) values ($1, $2, $3, $4, $5)`;
const EMIT = `select ops.emit($1, $2, $3, $4, $5)`;

async function perCall(c: pg.Client, sql: string, name: string, n: number) {
  for (let i = 0; i < n; i++) await c.query({ name, text: sql, values: ["bench", "bench.tick", `{"i": ${i}}`, "thing", String(i)] });
}

const serverLoop = (body: string, n: number) => `do $$ begin for i in 1..${n} loop ${body}; end loop; end $$`;
const LOOP_INSERT = `insert into ops.events (source, event_type, payload, aggregate_type, aggregate_id) values ('bench', 'bench.tick', jsonb_build_object('i', i), 'thing', i::text)`;
const LOOP_EMIT = `perform ops.emit('bench', 'bench.tick', jsonb_build_object('i', i), 'thing', i::text)`;

export async function run(args: string[]) {
  const events = intOption(args, "events", 3000);
  const rounds = intOption(args, "rounds", 9);
  const rows = intOption(args, "rows", 2_000_000);
  const t = await prepareTestCluster();
  Object.assign(process.env, testEnvToProcessEnv(t));
  const a = await createTestDatabase("bench_ev");
  const b = await createTestDatabase("bench_ev_large");
  try {
    console.log(`events bench: ${events} events per round, ${rounds} interleaved rounds, large table ${rows.toLocaleString("en")} rows`);
    const c = new pg.Client({ connectionString: a.url });
    await c.connect();
    // every call commits on its own; without this the WAL flush of each commit (the disk's fsync
    // latency, the same for both sides) dominates and hides what is being compared
    await c.query(`set synchronous_commit = off`);
    const callIns: number[] = [], callEmit: number[] = [], loopIns: number[] = [], loopEmit: number[] = [];
    await perCall(c, INSERT, "ins", 200); // warm-up: plans, caches
    await perCall(c, EMIT, "emit", 200);
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? ["emit", "ins"] : ["ins", "emit"];
      for (const k of order) {
        if (k === "ins") callIns.push(await timed(() => perCall(c, INSERT, "ins", events)));
        else callEmit.push(await timed(() => perCall(c, EMIT, "emit", events)));
      }
      for (const k of order) {
        if (k === "ins") loopIns.push(await timed(() => c.query(serverLoop(LOOP_INSERT, events * 5))));
        else loopEmit.push(await timed(() => c.query(serverLoop(LOOP_EMIT, events * 5))));
      }
    }
    await c.end();
    const ratioCall = median(callIns) / median(callEmit);
    const ratioLoop = median(loopIns) / median(loopEmit);
    console.log(`ops.emit throughput / plain insert, per client call:     ${fmt(ratioCall)}×  (target ≥ 0.85×)`);
    console.log(`ops.emit throughput / plain insert, server-side loop:    ${fmt(ratioLoop)}×  (target ≥ 0.85×; the function's own cost, no network)`);

    console.log(`filling the large table with ${rows.toLocaleString("en")} events …`);
    await withClient(b.url, async (cl) => {
      const chunk = 500_000;
      for (let done = 0; done < rows; done += chunk) {
        await cl.query(
          `insert into ops.events (source, event_type, payload, aggregate_type, aggregate_id)
           select 'fill', 'fill.' || (g % 50), jsonb_build_object('i', g, 'note', md5(g::text)), 'thing', (g % 100000)::text
           from generate_series($1::bigint, $2::bigint) g`,
          [done + 1, Math.min(rows, done + chunk)],
        );
      }
      await cl.query(`vacuum analyze ops.events`);
      // the fill is setup, not what is measured: flush its dirty pages before the timed rounds
      await cl.query(`checkpoint`);
    });
    const small = new pg.Client({ connectionString: a.url });
    const large = new pg.Client({ connectionString: b.url });
    await small.connect();
    await large.connect();
    await small.query(`set synchronous_commit = off`);
    await large.query(`set synchronous_commit = off`);
    const emptyT: number[] = [], largeT: number[] = [];
    await perCall(large, EMIT, "emit", 200);
    await perCall(small, EMIT, "emit", 200);
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [large, small] : [small, large];
      for (const cl of order) {
        const ms = await timed(() => cl.query(serverLoop(LOOP_EMIT, events * 5)));
        (cl === small ? emptyT : largeT).push(ms);
      }
    }
    await small.end();
    await large.end();
    const ratioLarge = median(emptyT) / median(largeT);
    console.log(`emit rate at ${rows.toLocaleString("en")} rows / at a near-empty table:  ${fmt(ratioLarge)}×  (target ≥ 0.9× at 10M rows; run with --rows 10000000 for the full figure)`);
  } finally {
    await a.drop();
    await b.drop();
  }
}
