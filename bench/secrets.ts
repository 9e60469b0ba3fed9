// npm run bench -- secrets [--iterations N] [--rounds R]
// The two-step logged read (public.control_plane_request_secret: caller checks, grant lookup, one log
// row and a ticket, committed; then public.control_plane_redeem_secret: ticket check, decrypt, in a
// second transaction) as service_role vs a plain select of the decrypted secret by the owner (no API role may read the vault directly), interleaved in
// rounds (order alternating) so both see the same cache and load. Printed for both commit modes of
// step 1: 'sync' (the default: the ticket is visible only once its log row is flushed) and 'async'.
// Target: ratio >= 0.5x under the default.
import pg from "pg";
import { z } from "zod";
import { withClient } from "../src/db/client.ts";
import { createTestDatabase, prepareTestCluster, testEnvToProcessEnv } from "../src/testrun/cluster.ts";

const argsShape = z.object({
  iterations: z.coerce.number().int().positive().default(2000),
  rounds: z.coerce.number().int().positive().default(5),
  connections: z.coerce.number().int().positive().default(8),
});

export function parseArgs(args: string[]) {
  const o: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) if (args[i]!.startsWith("--")) o[args[i]!.slice(2)] = args[++i] ?? "";
  const r = argsShape.safeParse(o);
  if (!r.success) throw new Error(`bench secrets: ${r.error.issues[0]!.path.join(".")}: ${r.error.issues[0]!.message}`);
  return r.data;
}

/** n reads spread over the given connections (as a PostgREST pool would), each request its own transaction. */
async function timed(cs: pg.Client[], read: (c: pg.Client) => Promise<unknown>, n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  const per = Math.ceil(n / cs.length);
  await Promise.all(cs.map(async (c) => {
    for (let i = 0; i < per; i++) await read(c);
  }));
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const plainRead = (c: pg.Client) => c.query(plainSql, ["vercel_api_token"]).then((r) => r.rows[0].decrypted_secret as string);
/** The logged read as a client does it: two requests, each committed before the next. */
async function loggedRead(c: pg.Client): Promise<string> {
  const t = (await c.query(requestSql, ["vercel-bot", "vercel_api_token"])).rows[0].t;
  return (await c.query(redeemSql, [t])).rows[0].v;
}

/** A connection as service_role (the logged path), or as the owner (the plain read: no API role may
 * read vault.decrypted_secrets any more, so the baseline is what the owner's own read costs). */
async function connectAsService(url: string, role = "service_role"): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  c.on("notice", () => {});
  if (role === "service_role") await c.query(`set role service_role`);
  await c.query(`select set_config('request.jwt.claims', '{"role":"service_role"}', false), set_config('request.headers', '{"x-forwarded-for":"203.0.113.1","user-agent":"bench"}', false)`);
  return c;
}

async function measure(cs: pg.Client[], iterations: number, rounds: number, owners: pg.Client[]) {
  let plain = 0;
  let rpc = 0;
  const p = () => timed(owners.slice(0, cs.length), plainRead, iterations);
  const l = () => timed(cs, loggedRead, iterations);
  await p();
  await l();
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      plain += await p();
      rpc += await l();
    } else {
      rpc += await l();
      plain += await p();
    }
  }
  return { plain, rpc };
}

const plainSql = `select decrypted_secret from vault.decrypted_secrets where name = $1`;
const requestSql = `select public.control_plane_request_secret($1, $2) as t`;
const redeemSql = `select public.control_plane_redeem_secret($1) as v`;

export async function run(args: string[]) {
  const opts = parseArgs(args);
  const t = await prepareTestCluster();
  Object.assign(process.env, testEnvToProcessEnv(t));
  const db = await createTestDatabase("bench_secrets");
  try {
    await withClient(db.url, (c) => c.query(`select control_plane.set_secret('vercel_api_token', 'vtok-bench-0123456789abcdef')`));
    const cs = await Promise.all(Array.from({ length: opts.connections }, () => connectAsService(db.url)));
    const owners = await Promise.all(Array.from({ length: opts.connections }, () => connectAsService(db.url, "owner")));
    if ((await plainRead(owners[0]!)) !== (await loggedRead(cs[0]!))) throw new Error("bench secrets: the two paths disagree");
    const setMode = (mode: "async" | "sync") => Promise.all(cs.map((c) => c.query(`select set_config('ssot.access_log_commit', $1, false)`, [mode])));
    // the default first: nothing set
    const pooled = await measure(cs, opts.iterations, opts.rounds, owners);
    const single = await measure(cs.slice(0, 1), Math.ceil(opts.iterations / 4), opts.rounds, owners);
    await setMode("async");
    const asyncPooled = await measure(cs, opts.iterations, opts.rounds, owners);
    const asyncSingle = await measure(cs.slice(0, 1), Math.ceil(opts.iterations / 4), opts.rounds, owners);
    await setMode("sync");
    // in-server: N ticket requests inside one statement (one transaction, one commit): step 1's own
    // cost (step 2 cannot run in the transaction that issued its ticket)
    const inServer = async (sql: string, c = cs[0]!) => {
      const t0 = process.hrtime.bigint();
      await c.query(sql, [opts.iterations]);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const inPlainSql = `select count(d.decrypted_secret) from generate_series(1, $1) g,
                          lateral (select decrypted_secret from vault.decrypted_secrets where name = 'vercel_api_token' and g.g = g.g) d`;
    const inRpcSql = `select count(public.control_plane_request_secret('vercel-bot', 'vercel_api_token')) from generate_series(1, $1) g`;
    let ip = 0;
    let il = 0;
    for (let r = 0; r < opts.rounds; r++) {
      if (r % 2 === 0) { ip += await inServer(inPlainSql, owners[0]!); il += await inServer(inRpcSql); }
      else { il += await inServer(inRpcSql); ip += await inServer(inPlainSql, owners[0]!); }
    }
    await Promise.all([...cs, ...owners].map((c) => c.end()));
    const n = opts.iterations * opts.rounds;
    const n1 = Math.ceil(opts.iterations / 4) * opts.rounds;
    const rate = (k: number, ms: number) => (k / (ms / 1000)).toFixed(0).padStart(8);
    const ratio = pooled.plain / pooled.rpc;
    const verdict = (x: number) => `(target >= 0.5x) ${x >= 0.5 ? "OK" : "BELOW TARGET"}`;
    console.log(`secrets: service_role's logged read = 2 requests (request_secret, then redeem_secret), each its own transaction; ${opts.rounds} interleaved rounds (order alternating)`);
    console.log(`  ${opts.connections} connections (a PostgREST pool), ${n} reads per path, default ssot.access_log_commit = 'sync' (step 1 waits for its log row's WAL flush):`);
    console.log(`    plain select of vault.decrypted_secrets   ${rate(n, pooled.plain)} reads/s`);
    console.log(`    request + redeem (logged)                 ${rate(n, pooled.rpc)} reads/s`);
    console.log(`    ratio logged/plain: ${ratio.toFixed(2)}x  ${verdict(ratio)}`);
    console.log(`  1 connection, ${n1} reads per path: plain ${rate(n1, single.plain)} reads/s · logged ${rate(n1, single.rpc)} reads/s · ratio ${(single.plain / single.rpc).toFixed(2)}x`);
    console.log(`  opt-in ssot.access_log_commit = 'async' (step 1 commits without waiting for the flush; a crash within ~600 ms can lose the row of a released value):`);
    console.log(`    ${opts.connections} connections: plain ${rate(n, asyncPooled.plain)} reads/s · logged ${rate(n, asyncPooled.rpc)} reads/s · ratio ${(asyncPooled.plain / asyncPooled.rpc).toFixed(2)}x`);
    console.log(`    1 connection:  plain ${rate(n1, asyncSingle.plain)} reads/s · logged ${rate(n1, asyncSingle.rpc)} reads/s · ratio ${(asyncSingle.plain / asyncSingle.rpc).toFixed(2)}x`);
    console.log(`  in-server, ${n} calls per path inside single statements (step 1's own cost vs the plain read, one commit):`);
    console.log(`    plain ${rate(n, ip)} reads/s · logged ${rate(n, il)} reads/s · ratio ${(ip / il).toFixed(2)}x`);
  } finally {
    await db.drop();
  }
}
