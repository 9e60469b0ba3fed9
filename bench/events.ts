// `npm run bench -- events [--events N] [--rounds R] [--rows M]`
// Side by side, interleaved event by event (so the load of a shared machine hits both sides alike):
// 1. ops.emit vs a plain INSERT into the same table (ops.events itself, same columns and values):
//    a) per client call (one prepared statement per event, autocommit), b) inside the server (a
//    plpgsql loop alternating single-row inserts and ops.emit calls), which isolates the
//    function's own cost from the network.
// 2. the emit rate into a large ops.events (--rows M rows) vs a near-empty one, two databases,
//    alternating one event on each. Target: 10M rows ≥ 0.9×; the default M (2M) runs in a few
//    minutes here, --rows 10000000 gives the full figure.
// Reported ratios are the median over R rounds of (time of the reference / time of the subject).
import pg from "pg";
import { withClient } from "../src/db/client.ts";
import { createTestDatabase, prepareTestCluster, testEnvToProcessEnv } from "../src/testrun/cluster.ts";
import { fmt, intOption, median } from "./_util.ts";

// both sides hand the new id back to the caller, as ops.emit does
const INSERT = `insert into ops.events (source, event_type, payload, aggregate_type, aggregate_id) values ($1, $2, $3, $4, $5) returning id`;
const EMIT = `select ops.emit($1, $2, $3, $4, $5)`;
const vals = (i: number) => ["bench", "bench.tick", `{"i": ${i}}`, "thing", String(i)];

const now = () => process.hrtime.bigint();

/** One round of n events: alternately a plain insert and an emit on one connection. */
async function clientRound(c: pg.Client, n: number): Promise<{ ins: number; emit: number }> {
  let ins = 0n, emit = 0n;
  for (let i = 0; i < n; i++) {
    const first = i % 2 === 0 ? "ins" : "emit";
    for (const k of first === "ins" ? ["ins", "emit"] : ["emit", "ins"]) {
      const t = now();
      await c.query({ name: k, text: k === "ins" ? INSERT : EMIT, values: vals(i) });
      if (k === "ins") ins += now() - t;
      else emit += now() - t;
    }
  }
  return { ins: Number(ins), emit: Number(emit) };
}

// the server-side loop: alternating statements, each timed with clock_timestamp()
const SERVER_LOOP = `
  create or replace function pg_temp.bench_events(n int, out ins_ms float8, out emit_ms float8)
  language plpgsql as $$
  declare t0 timestamptz; t1 timestamptz;
  begin
    ins_ms := 0; emit_ms := 0;
    for i in 1..n loop
      t0 := clock_timestamp();
      insert into ops.events (source, event_type, payload, aggregate_type, aggregate_id) values ('bench', 'bench.tick', jsonb_build_object('i', i), 'thing', i::text);
      t1 := clock_timestamp();
      perform ops.emit('bench', 'bench.tick', jsonb_build_object('i', i), 'thing', i::text);
      emit_ms := emit_ms + extract(epoch from clock_timestamp() - t1) * 1000;
      ins_ms := ins_ms + extract(epoch from t1 - t0) * 1000;
    end loop;
  end $$`;

async function largeRound(small: pg.Client, large: pg.Client, n: number): Promise<{ small: number; large: number }> {
  let s = 0n, l = 0n;
  for (let i = 0; i < n; i++) {
    for (const c of i % 2 === 0 ? [small, large] : [large, small]) {
      const t = now();
      await c.query({ name: "emit", text: EMIT, values: vals(i) });
      if (c === small) s += now() - t;
      else l += now() - t;
    }
  }
  return { small: Number(s), large: Number(l) };
}

export async function run(args: string[]) {
  const events = intOption(args, "events", 2000);
  const rounds = intOption(args, "rounds", 9);
  const rows = intOption(args, "rows", 2_000_000);
  const t = await prepareTestCluster();
  Object.assign(process.env, testEnvToProcessEnv(t));
  const a = await createTestDatabase("bench_ev");
  const b = await createTestDatabase("bench_ev_large");
  const clients: pg.Client[] = [];
  const open = async (url: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    clients.push(c);
    // every call commits on its own; without this the WAL flush of each commit (the disk's fsync
    // latency, the same for both sides) dominates and hides what is being compared
    await c.query(`set synchronous_commit = off`);
    return c;
  };
  try {
    console.log(`events bench: ${events} events per side per round, ${rounds} rounds, interleaved event by event; large table ${rows.toLocaleString("en")} rows`);
    const c = await open(a.url);
    await c.query(SERVER_LOOP);
    await clientRound(c, 200); // warm-up: plans, caches
    const callRatios: number[] = [], loopRatios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const x = await clientRound(c, events);
      callRatios.push(x.ins / x.emit);
      const y = (await c.query(`select * from pg_temp.bench_events($1)`, [events * 5])).rows[0];
      loopRatios.push(y.ins_ms / y.emit_ms);
    }
    console.log(`ops.emit throughput / plain insert … returning id, per client call: ${fmt(median(callRatios))}×  (target ≥ 0.85×)`);
    console.log(`ops.emit throughput / plain insert, server-side plpgsql loop:      ${fmt(median(loopRatios))}×  (the function's own cost, no network)`);

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
    const large = await open(b.url);
    await largeRound(c, large, 200);
    const sizeRatios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const x = await largeRound(c, large, events);
      sizeRatios.push(x.small / x.large);
    }
    const n = (await large.query(`select count(*)::bigint as n from ops.events`)).rows[0].n;
    console.log(`emit rate at ${Number(n).toLocaleString("en")} rows / at a near-empty table: ${fmt(median(sizeRatios))}×  (target ≥ 0.9× at 10M rows)`);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    await a.drop();
    await b.drop();
  }
}
