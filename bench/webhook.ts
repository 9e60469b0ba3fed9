// `npm run bench -- webhook [--rows N]`: verified webhook ingest (public.odoo_webhook: vault
// secret, HMAC, window, dedup, JSON checks, insert) vs a plain insert of the same row, in one run
// on the test cluster. Two measures, each side by side and interleaved in rounds:
//   per request  one round trip per event, as PostgREST makes them (the target applies here)
//   in server    a plpgsql loop, no network: the pure cost of verification
import { createHash, createHmac } from "node:crypto";
import pg from "pg";
import { createTestDatabase, prepareTestCluster, testEnvToProcessEnv } from "../src/testrun/cluster.ts";

const SECRET = "bench-secret-0123456789abcdef0123456789abcdef";

function event(i: number, ts: number) {
  const body = JSON.stringify({ event_type: "write", aggregate_type: "project.task", aggregate_id: i, payload: { name: `Task ${i}`, x_external_ref: `B_${i}`, stage_id: [1, "To Do"] } });
  const sig = createHmac("sha256", SECRET).update(`${ts}.${body}`).digest("hex");
  return { body, headers: JSON.stringify({ "x-ipai-instance": "bench", "x-ipai-timestamp": String(ts), "x-ipai-signature": sig }), sig, hash: createHash("sha256").update(body).digest() };
}

type Rounds = { rows: number; ingestMs: number; plainMs: number; roundRatios: number[]; round: number };

/** One round trip per event, as PostgREST makes them: verified ingest and plain insert interleaved in rounds. */
async function perRequestRounds(ingest: pg.Client, plain: pg.Client, inst: string, rows: number, now: number): Promise<Rounds> {
  const events = Array.from({ length: rows * 2 }, (_, i) => event(i, now));
  const ingestOne = (e: ReturnType<typeof event>) =>
    ingest.query(`with h as (select set_config('request.headers', $2, true)) select public.odoo_webhook($1) from h`, [e.body, e.headers]);
  const plainOne = (e: ReturnType<typeof event>) => {
    const doc = JSON.parse(e.body);
    return plain.query(
      `insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at)
       values ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8))`,
      [inst, doc.event_type, doc.aggregate_type, String(doc.aggregate_id), JSON.stringify(doc.payload), "sig:" + e.sig, e.hash, now],
    );
  };
  // warm-up, not timed: plans, plpgsql and pgcrypto loaded on both connections
  const warm = Array.from({ length: 100 }, (_, i) => event(rows * 2 + i, now));
  for (let i = 0; i < 50; i++) await ingestOne(warm[i]!);
  for (let i = 50; i < 100; i++) await plainOne(warm[i]!);
  let ingestMs = 0;
  let plainMs = 0;
  const roundRatios: number[] = [];
  const round = 250;
  for (let start = 0; start < rows; start += round) {
    const end = Math.min(rows, start + round);
    let t0 = performance.now();
    for (let i = start; i < end; i++) await ingestOne(events[i]!);
    const a = performance.now() - t0;
    t0 = performance.now();
    for (let i = start; i < end; i++) await plainOne(events[rows + i]!);
    const b = performance.now() - t0;
    ingestMs += a;
    plainMs += b;
    roundRatios.push(b / a);
  }
  roundRatios.sort((x, y) => x - y);
  const count = (await plain.query(`select count(*)::int as n from odoo.webhook_events`)).rows[0].n;
  if (count !== rows * 2 + 100) throw new Error(`expected ${rows * 2 + 100} events, found ${count}`);
  return { rows, ingestMs, plainMs, roundRatios, round };
}

/** The same work in a plpgsql loop, no network: seconds for ingest (a), plain insert (b) and the vault reads alone (v). */
async function inServer(plain: pg.Client, rows: number, now: number): Promise<{ a: number; b: number; v: number }> {
  await plain.query(`truncate odoo.webhook_events cascade`);
  await plain.query(`
    create temp table bench_bodies as
      select i, b as body,
             jsonb_build_object('x-ipai-instance', 'bench', 'x-ipai-timestamp', $2::text,
                                'x-ipai-signature', encode(extensions.hmac($2::text || '.' || b, $3, 'sha256'), 'hex'))::text as headers
        from (select i, format('{"event_type":"write","aggregate_type":"project.task","aggregate_id":%s,"payload":{"name":"Task %s"}}', i, i) as b
                from generate_series(1, $1) i) s`, [rows, String(now), SECRET]);
  await plain.query(`grant select on bench_bodies to anon`);
  await plain.query(`
    do $$
    declare r record; t0 timestamptz; a float8; b float8;
    begin
      t0 := clock_timestamp();
      for r in select * from bench_bodies loop
        perform set_config('request.headers', r.headers, true);
        perform public.odoo_webhook(r.body);
      end loop;
      a := extract(epoch from clock_timestamp() - t0);
      t0 := clock_timestamp();
      for r in select * from bench_bodies loop
        insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at)
        values ((select id from odoo.instances where slug = 'bench'), 'write', 'project.task', r.i::text, (r.body::jsonb) -> 'payload',
                'plain:' || r.i, extensions.digest(r.body, 'sha256'), now());
      end loop;
      b := extract(epoch from clock_timestamp() - t0);
      t0 := clock_timestamp();
      for r in select * from bench_bodies loop
        perform (select s.decrypted_secret from vault.decrypted_secrets s where s.name = 'bench.webhook');
      end loop;
      perform set_config('bench.a', a::text, false);
      perform set_config('bench.b', b::text, false);
      perform set_config('bench.v', extract(epoch from clock_timestamp() - t0)::text, false);
    end $$`);
  return (await plain.query(`select current_setting('bench.a')::float8 as a, current_setting('bench.b')::float8 as b, current_setting('bench.v')::float8 as v`)).rows[0];
}

function report(r: Rounds, res: { a: number; b: number; v: number }) {
  const { rows, ingestMs, plainMs, roundRatios, round } = r;
  const medianRatio = roundRatios[Math.floor(roundRatios.length / 2)]!;
  const perRequest = medianRatio;
  const server = res.b / res.a;
  const fmt = (n: number) => n.toFixed(0).padStart(7);
  console.log(`webhook ingest vs plain insert, ${rows} events each, one run, rounds of ${round} interleaved`);
  console.log(`  per request (one round trip each, as PostgREST):`);
  console.log(`    verified ingest ${fmt((rows / ingestMs) * 1000)} events/s`);
  console.log(`    plain insert    ${fmt((rows / plainMs) * 1000)} rows/s`);
  console.log(`    ratio           ${perRequest.toFixed(2)}x   median of ${roundRatios.length} interleaved rounds (pooled ${(plainMs / ingestMs).toFixed(2)}x; range ${roundRatios[0]!.toFixed(2)}-${roundRatios.at(-1)!.toFixed(2)}) (target >= 0.5x: ${perRequest >= 0.5 ? "met" : "NOT met"})`);
  console.log(`  in server (plpgsql loop, no network):`);
  console.log(`    verified ingest ${fmt(rows / res.a)} events/s`);
  console.log(`    plain insert    ${fmt(rows / res.b)} rows/s`);
  console.log(`    ratio           ${server.toFixed(2)}x   (verification's own cost: vault decrypt, HMAC, JSON checks, dedup lookup)`);
  const vaultShare = res.v / res.a;
  console.log(`  where the time goes: reading the secret from vault.decrypted_secrets alone takes ${((res.v / rows) * 1e6).toFixed(0)} us per event,`);
  console.log(`    ${(vaultShare * 100).toFixed(0)}% of in-server ingest; without it the in-server ratio would be ${(res.b / (res.a - res.v)).toFixed(2)}x`);
}

export async function run(args: string[]) {
  const rowsArg = args.indexOf("--rows");
  const rows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 3000;
  if (!Number.isInteger(rows) || rows < 100) throw new Error(`--rows must be an integer >= 100, got ${args[rowsArg + 1]}`);
  const t = await prepareTestCluster();
  Object.assign(process.env, testEnvToProcessEnv(t));
  const db = await createTestDatabase("bench_webhook");
  const ingest = new pg.Client({ connectionString: db.url });
  const plain = new pg.Client({ connectionString: db.url });
  await ingest.connect();
  await plain.connect();
  try {
    const inst = (await plain.query(`insert into odoo.instances (slug, name, webhook_secret_name) values ('bench', 'Bench', 'bench.webhook') returning id`)).rows[0].id;
    await plain.query(`select vault.create_secret($1, 'bench.webhook')`, [SECRET]);
    await ingest.query(`set role anon`);
    const now = Math.floor(Date.now() / 1000);
    const rounds = await perRequestRounds(ingest, plain, inst, rows, now);
    report(rounds, await inServer(plain, rows, now));
  } finally {
    await ingest.end();
    await plain.end();
    await db.drop();
  }
}
