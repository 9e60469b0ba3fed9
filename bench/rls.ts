// `npm run bench -- rls [--rows N] [--rounds R]`
// An authenticated read under RLS vs the same read as service_role (BYPASSRLS), on N rows (default
// 100k) that the user's policy allows, interleaved rounds. The policy uses the house form
// `(select auth.jwt() ->> 'tenant')`, evaluated once per statement. For contrast it also prints the
// same policy written per row (auth.jwt() not wrapped), which advisor.lint_auth_rls_initplan flags.
import pg from "pg";
import { withClient } from "../src/db/client.ts";
import { actAs } from "../tests/support/roles.ts";
import { createTestDatabase, prepareTestCluster, testEnvToProcessEnv } from "../src/testrun/cluster.ts";
import { fmt, intOption, median, timed } from "./_util.ts";

// the statement PostgREST runs for GET /bench_notes (rows aggregated to JSON in the database)
const pgrst = (table: string) =>
  `select count(_postgrest_t) as count, coalesce(json_agg(_postgrest_t), '[]')::character varying as body from (select * from public.${table}) _postgrest_t`;
const READ = pgrst("bench_notes");
const READ_PER_ROW = pgrst("bench_notes_per_row");
// a bare scan, where the policy's per-row comparison weighs the most
const SCAN = `select count(*), max(created_at) from public.bench_notes`;

export async function run(args: string[]) {
  const rows = intOption(args, "rows", 100_000);
  const rounds = intOption(args, "rounds", 15);
  const t = await prepareTestCluster();
  Object.assign(process.env, testEnvToProcessEnv(t));
  const db = await createTestDatabase("bench_rls");
  try {
    await withClient(db.url, async (c) => {
      for (const [table, using] of [
        ["bench_notes", `tenant_id = (select (auth.jwt() ->> 'tenant_id')::uuid)`],
        ["bench_notes_per_row", `tenant_id = (auth.jwt() ->> 'tenant_id')::uuid`],
      ] as const) {
        await c.query(`create table public.${table} (id bigint primary key, tenant_id uuid not null, owner_id uuid not null, body text not null, created_at timestamptz not null default now())`);
        await c.query(`alter table public.${table} enable row level security`);
        await c.query(`create policy ${table}_tenant_read on public.${table} for select to authenticated using (${using})`);
        await c.query(`create index on public.${table} (tenant_id)`);
        await c.query(
          `insert into public.${table} (id, tenant_id, owner_id, body) select g, '00000000-0000-0000-0000-0000000ac3e0'::uuid, gen_random_uuid(), md5(g::text) || md5((g * 7)::text) from generate_series(1, $1::int) g`,
          [rows],
        );
        await c.query(`vacuum analyze public.${table}`);
      }
    });
    const auth = new pg.Client({ connectionString: db.url });
    const svc = new pg.Client({ connectionString: db.url });
    await auth.connect();
    await svc.connect();
    await auth.query("begin");
    await actAs(auth, { role: "authenticated", claims: { sub: "00000000-0000-0000-0000-000000000001", tenant_id: "00000000-0000-0000-0000-0000000ac3e0" } });
    await svc.query("begin");
    await actAs(svc, { role: "service_role" });
    const a = await auth.query(READ);
    const s = await svc.query(READ);
    if (String(a.rows[0].count) !== String(rows) || String(s.rows[0].count) !== String(rows)) {
      throw new Error(`bench setup: authenticated sees ${a.rows[0].count} rows and service_role ${s.rows[0].count}, expected ${rows} each`);
    }
    const tAuth: number[] = [], tSvc: number[] = [], tPerRow: number[] = [], sAuth: number[] = [], sSvc: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [svc, auth] : [auth, svc];
      for (const c of order) (c === auth ? tAuth : tSvc).push(await timed(() => c.query(READ)));
      for (const c of order) (c === auth ? sAuth : sSvc).push(await timed(() => c.query(SCAN)));
      tPerRow.push(await timed(() => auth.query(READ_PER_ROW)));
    }
    await auth.query("rollback");
    await svc.query("rollback");
    await auth.end();
    await svc.end();
    console.log(`rls bench: ${rows.toLocaleString("en")} rows visible to both, ${rounds} interleaved rounds`);
    console.log(`authenticated under RLS / service_role, PostgREST read: ${fmt(median(tAuth) / median(tSvc))}×  (target ≤ 1.2× the time)`);
    console.log(`same, bare count(*) scan (policy cost at its heaviest): ${fmt(median(sAuth) / median(sSvc))}×`);
    console.log(`policy calling auth.jwt() per row / service_role:       ${fmt(median(tPerRow) / median(tSvc))}×  (PostgREST read; advisor.lint_auth_rls_initplan flags this form)`);
  } finally {
    await db.drop();
  }
}
