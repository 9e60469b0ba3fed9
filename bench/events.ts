// `npm run bench -- events [--events N] [--rounds R] [--rows M] [--fill mixed|uniform]`
// Side by side, interleaved event by event (so the load of a shared machine hits both sides alike):
// 1. ops.emit vs a plain INSERT into the same table (ops.events itself, same columns and values):
//    a) per client call (one prepared statement per event, autocommit), b) inside the server (a
//    plpgsql loop alternating single-row inserts and ops.emit calls), which isolates the
//    function's own cost from the network.
// 2. the emit rate into a large ops.events (--rows M rows) vs a near-empty one, two databases,
//    alternating one event on each. Target: 10M rows ≥ 0.9×; the default M (2M) runs in a few
//    minutes here, --rows 10000000 gives the full figure. Then where the time goes, per side: what
//    one emit costs in the server (EXPLAIN ANALYZE with BUFFERS and WAL), where the rows landed in
//    the heap, the sizes of the partition and its indexes, and autovacuum runs during the rounds.
// Reported ratios are the median over R rounds of (time of the reference / time of the subject).
import pg from "pg";
import { withClient } from "../src/db/client.ts";
import { createTestDatabase, prepareTestCluster, testEnvToProcessEnv } from "../src/testrun/cluster.ts";
import { fmt, intOption, median, mb, stringOption } from "./_util.ts";

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

// The fill: a log as it grows. Events of several shapes and sizes (about a third of them the size of
// the emitted ones, the rest up to ~300 bytes larger), written by many transactions (one per chunk),
// all in the partition new events go to, the current month's, at its largest: a log spanning months
// would split it, so this is the strict case. `--fill uniform` is the earlier fill: every row larger
// than an emitted one. Vacuumed once at the end, such a table offers on most pages just enough free
// space for one emitted row, and every emit lands on a different cold page (a read, and a full-page
// image in the WAL) until that space is used up: a transient of the free space map, not of the
// table's size, which a log whose sizes mix does not have (its small events fill the gaps while the
// pages are hot). The "landed" line below shows it either way.
const FILLS: Record<string, string> = {
  mixed: `insert into ops.events (source, event_type, payload, aggregate_type, aggregate_id)
    select 'fill.' || (g % 7), 'fill.' || (g % 50),
           case g % 8 when 0 then jsonb_build_object('i', g) when 1 then jsonb_build_object('i', g) when 2 then jsonb_build_object('i', g)
                      when 3 then jsonb_build_object('i', g, 'note', md5(g::text)) when 4 then jsonb_build_object('i', g, 'note', md5(g::text))
                      when 7 then jsonb_build_object('i', g, 'note', repeat(md5(g::text), (1 + g / 8 % 7)::int))
                      else jsonb_build_object('i', g, 'ref', g % 1000, 'ok', true) end,
           'thing', (g % 100000)::text
    from generate_series($1::bigint, $2::bigint) g`,
  uniform: `insert into ops.events (source, event_type, payload, aggregate_type, aggregate_id)
    select 'fill', 'fill.' || (g % 50), jsonb_build_object('i', g, 'note', md5(g::text)), 'thing', (g % 100000)::text
    from generate_series($1::bigint, $2::bigint) g`,
};

async function fillLarge(url: string, rows: number, fill: string) {
  console.log(`filling the large table with ${rows.toLocaleString("en")} events (${fill}) …`);
  await withClient(url, async (cl) => {
    const chunk = 250_000;
    for (let done = 0; done < rows; done += chunk) await cl.query(FILLS[fill]!, [done + 1, Math.min(rows, done + chunk)]);
    await cl.query(`vacuum analyze ops.events`);
    // the fill is setup, not what is measured: flush its dirty pages before the timed rounds
    await cl.query(`checkpoint`);
  });
}

/** A side before its timed rounds: the partition emits go to, its size in blocks, the last id, autovacuum counts. */
interface Snap { part: string; blocks: number; id: string; vacuums: number; analyzes: number }

async function snapshot(c: pg.Client): Promise<Snap> {
  const id = (await c.query({ name: "emit", text: EMIT, values: vals(0) })).rows[0].emit as string;
  const r = await c.query(
    `select e.tableoid::regclass::text as part, pg_relation_size(e.tableoid) / 8192 as blocks,
            coalesce(s.autovacuum_count, 0) as vacuums, coalesce(s.autoanalyze_count, 0) as analyzes
       from ops.events e left join pg_stat_user_tables s on s.relid = e.tableoid where e.id = $1`, [id]);
  const x = r.rows[0];
  return { part: x.part, blocks: Number(x.blocks), id, vacuums: Number(x.vacuums), analyzes: Number(x.analyzes) };
}

/** What one emit costs inside the server: EXPLAIN (ANALYZE, BUFFERS, WAL), summed over the calls. */
const COST_KEYS = ["Shared Hit Blocks", "Shared Read Blocks", "Shared Dirtied Blocks", "Shared Written Blocks", "WAL Records", "WAL FPI", "WAL Bytes"] as const;
type Cost = Record<(typeof COST_KEYS)[number] | "ms", number>;

async function explainEmit(c: pg.Client, i: number, into: Cost) {
  const r = await c.query({ name: "explain", text: `explain (analyze, buffers, wal, format json) ${EMIT}`, values: vals(i) });
  const top = r.rows[0]["QUERY PLAN"][0];
  into.ms += top["Execution Time"];
  for (const k of COST_KEYS) into[k] += top.Plan[k] ?? 0;
}

async function describeSide(c: pg.Client, s: Snap, cost: Cost, n: number, label: string) {
  const per = (k: keyof Cost, d = 2) => (cost[k] / n).toFixed(d);
  const rows = Number((await c.query(`select count(*) as n from ops.events`)).rows[0].n).toLocaleString("en");
  const land = (await c.query(
    `select count(*) as n, count(distinct (ctid::text::point)[0]) as pages, count(*) filter (where (ctid::text::point)[0] < $2 - 1) as behind
       from ops.events where id > $1`, [s.id, s.blocks])).rows[0];
  const sizes = (await c.query(
    `select pg_relation_size($1::regclass) as heap,
            string_agg(format('%s %s', i.indexrelid::regclass, pg_size_pretty(pg_relation_size(i.indexrelid))), ', ' order by i.indexrelid::regclass::text) as idx
       from pg_index i where i.indrelid = $1::regclass`, [s.part])).rows[0];
  const now = (await c.query(`select coalesce(autovacuum_count, 0) as v, coalesce(autoanalyze_count, 0) as a from pg_stat_user_tables where relid = $1::regclass`, [s.part])).rows[0];
  return [
    `  ${label} (${rows} rows): ${per("ms", 3)} ms in the server; shared buffers ${per("Shared Hit Blocks")} hit, ${per("Shared Read Blocks")} read, ${per("Shared Dirtied Blocks")} dirtied, ${per("Shared Written Blocks")} written; WAL ${per("WAL Records")} records, ${per("WAL FPI")} full-page images, ${per("WAL Bytes", 0)} bytes`,
    `    the ${Number(land.n).toLocaleString("en")} events emitted since the timed rounds began landed on ${Number(land.pages).toLocaleString("en")} heap pages, ${Number(land.behind).toLocaleString("en")} of them in free space behind the table's end; ${s.part}: heap ${mb(sizes.heap)}, ${sizes.idx}; autovacuum ${Number(now.v) - s.vacuums}×, autoanalyze ${Number(now.a) - s.analyzes}× during the rounds`,
  ];
}

/** Where the time goes, per side: n EXPLAINed emits alternating between the sides, then the state of each. */
async function whereTheTimeGoes(small: pg.Client, large: pg.Client, ss: Snap, sl: Snap, n: number) {
  const zero = (): Cost => ({ ms: 0, ...Object.fromEntries(COST_KEYS.map((k) => [k, 0])) }) as Cost;
  const cs = zero(), cl = zero();
  for (let i = 0; i < n; i++) {
    for (const c of i % 2 === 0 ? [small, large] : [large, small]) await explainEmit(c, i, c === small ? cs : cl);
  }
  console.log(`where the time goes, per emit (EXPLAIN ANALYZE BUFFERS WAL of ${n} emits a side, alternating), and where the emitted rows went:`);
  for (const line of await describeSide(small, ss, cs, n, "near-empty")) console.log(line);
  for (const line of await describeSide(large, sl, cl, n, "large")) console.log(line);
}

export async function run(args: string[]) {
  const events = intOption(args, "events", 2000);
  const rounds = intOption(args, "rounds", 9);
  const rows = intOption(args, "rows", 2_000_000);
  const fill = stringOption(args, "fill", "mixed", Object.keys(FILLS));
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

    await fillLarge(b.url, rows, fill);
    const large = await open(b.url);
    const ss = await snapshot(c), sl = await snapshot(large);
    await largeRound(c, large, 200);
    const sizeRatios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const x = await largeRound(c, large, events);
      sizeRatios.push(x.small / x.large);
    }
    const n = (await large.query(`select count(*)::bigint as n from ops.events`)).rows[0].n;
    console.log(`emit rate at ${Number(n).toLocaleString("en")} rows / at a near-empty table: ${fmt(median(sizeRatios))}×  (target ≥ 0.9× at 10M rows)`);
    await whereTheTimeGoes(c, large, ss, sl, 300);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    await a.drop();
    await b.drop();
  }
}
