// `ssot diff` against test databases: a fresh clone of the migrated template matches db/, and each
// kind of hand edit (a function body, a policy, a grant added or revoked, a view, a dropped trigger,
// an undeclared function or table, a pg_cron schedule) exits 1 naming the object. The reference is
// a clone of the template with the db/cron declarations (what db/ creates where pg_cron lives); the
// test that builds one from db/ as the command does is in reference.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { declareCronJobs } from "../../src/diff/reference.ts";
import { createTestDatabase, requireTestEnv, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";
import { supabaseProfileFromProcess } from "../../src/testrun/supabase.ts";

let ref: TestDatabase;
const targets: TestDatabase[] = [];

/** A database as `ssot migrate` leaves it where pg_cron lives: the template plus the cron declarations. */
async function fresh(): Promise<TestDatabase> {
  const db = await createTestDatabase("diff");
  targets.push(db);
  await declareCronJobs(db.url);
  return db;
}

const diff = (url: string, ...more: string[]) => runCli(["diff", "--database-url", url, "--reference-url", ref.url, ...more]);

/** A fresh database changed by `sql` (as a hand edit in the dashboard would), then compared. */
async function diffAfter(sql: string) {
  const db = await fresh();
  await withClient(db.url, (c) => c.query(sql));
  return diff(db.url);
}

beforeAll(async () => {
  ref = await fresh();
});
afterAll(async () => {
  for (const db of targets) await db.drop();
});

describe("ssot diff", () => {
  it("exits 0 on a freshly migrated database", async () => {
    const r = diff((await fresh()).url);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/ssot diff: .* matches the reference database/);
    expect(r.code).toBe(0);
  });

  it("exits 0 on the Supabase profile, where ssot migrated and seeded as the non-superuser postgres", () => {
    const p = supabaseProfileFromProcess();
    if (!p) throw new Error("the Supabase profile is not prepared: run tests with `npm test`");
    const r = diff(p.url);
    expect(r.out).toMatch(/ssot diff: .* matches the reference database/);
    expect(r.code).toBe(0);
  });

  it("names a function whose body was replaced by hand", async () => {
    const r = await diffAfter(`create or replace function advisor.is_ours(schema_name name) returns boolean
      language sql immutable parallel safe set search_path = pg_catalog, pg_temp as $$ select false $$`);
    expect(r.out).toMatch(/^changed +function advisor\.is_ours\(schema_name name\): line \d+: expected "AS \$function\$", found "AS \$function\$ select false \$function\$"$/m);
    expect(r.code).toBe(1);
  });

  it("names a policy dropped and created again with another expression", async () => {
    const r = await diffAfter(`drop policy access_log_select_service on control_plane.access_log;
      create policy access_log_select_service on control_plane.access_log for select to service_role using (false)`);
    expect(r.out).toMatch(/^changed +policy access_log_select_service on control_plane\.access_log: line 2: expected "using \(true\)", found "using \(false\)"/m);
    expect(r.code).toBe(1);
  });

  it("names a grant added and a grant revoked", async () => {
    const r = await diffAfter(`grant select on ops.events to anon; revoke select on rag.chunks from service_role`);
    expect(r.out).toMatch(/^not declared +grant SELECT on table ops\.events to anon$/m);
    expect(r.out).toMatch(/^missing in database +grant SELECT on table rag\.chunks to service_role$/m);
    expect(r.out).toMatch(/ssot diff: 2 differences/);
    expect(r.code).toBe(1);
  });

  it("names a view whose query was replaced", async () => {
    const r = await diffAfter(`do $$ begin
      execute format('create or replace view analytics.audit_findings_open with (security_invoker = true) as select * from (%s) v where false',
                     rtrim(pg_get_viewdef('analytics.audit_findings_open'::regclass, true), ';'));
    end $$`);
    expect(r.out).toMatch(/^changed +view analytics\.audit_findings_open: /m);
    expect(r.code).toBe(1);
  });

  it("names a dropped trigger and a disabled one", async () => {
    const r = await diffAfter(`drop trigger _100_append_only on ops.event_seals;
      alter table ops.events disable trigger _100_append_only_statement`);
    expect(r.out).toMatch(/^missing in database +trigger _100_append_only on ops\.event_seals$/m);
    expect(r.out).toMatch(/^changed +trigger _100_append_only_statement on ops\.events: line 2: expected \(nothing\), found "\(disabled\)"/m);
    expect(r.code).toBe(1);
  });

  it("names a function and a table no file declares, with the grants they came with", async () => {
    const r = await diffAfter(`create function ops.hand_made() returns int language sql as 'select 1';
      create table audit.hand_made (id int)`);
    expect(r.out).toMatch(/^not declared +function ops\.hand_made\(\)$/m);
    expect(r.out).toMatch(/^not declared +grant EXECUTE on function ops\.hand_made\(\) to public$/m);
    expect(r.out).toMatch(/^not declared +table audit\.hand_made$/m);
    expect(r.code).toBe(1);
  });

  it("--json lists the differences with both definitions", async () => {
    const db = await fresh();
    await withClient(db.url, (c) => c.query(`alter table rag.chunks disable row level security`));
    const r = diff(db.url, "--json");
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(false);
    expect(j.reference).toMatch(/^postgres:\/\/postgres:\*\*\*\*@/);
    expect(j.differences).toEqual([
      expect.objectContaining({ status: "changed", kind: "table", object: "rag.chunks", detail: 'line 2: expected "row level security enabled", found "row level security disabled"' }),
    ]);
    expect(j.differences[0].expected).toContain("column id");
  });
});

describe("ssot diff refusals", () => {
  it("a malformed --reference-url is misuse (64), an unreachable database exit 2, one without ssot exit 1", async () => {
    const bad = runCli(["diff", "--database-url", ref.url, "--reference-url", "not-a-url"]);
    expect(bad.err).toMatch(/^ssot: --reference-url "not-a-url" is invalid/);
    expect(bad.code).toBe(64);
    const down = runCli(["diff", "--database-url", "postgres://x:secret@127.0.0.1:1/none", "--reference-url", ref.url]);
    expect(down.err).toMatch(/^ssot: cannot connect to postgres:\/\/x:\*\*\*\*@127\.0\.0\.1:1\/none/);
    expect(down.code).toBe(2);
    const empty = runCli(["diff", "--database-url", requireTestEnv().rootUrl, "--reference-url", ref.url]);
    expect(empty.err).toMatch(/the database has no ssot schema: run `ssot migrate` against it first/);
    expect(empty.code).toBe(1);
  });
});

describe("ssot diff where pg_cron lives: the Supabase profile, edited as its non-superuser postgres", () => {
  // the profile's database `postgres` holds pg_cron, as on Supabase; no other test changes its jobs
  const cronUrl = () => {
    const p = supabaseProfileFromProcess();
    if (!p) throw new Error("the Supabase profile is not prepared: run tests with `npm test`");
    return p.url;
  };
  const schedule = async () =>
    (await withClient(cronUrl(), (c) => c.query(`select schedule from cron.job where jobname = 'health-check'`))).rows[0].schedule as string;
  let before: string;
  beforeAll(async () => {
    before = await schedule();
  });
  afterAll(async () => {
    await withClient(cronUrl(), (c) => c.query(`select cron.alter_job(jobid, schedule => $1) from cron.job where jobname = 'health-check'`, [before]));
  });

  it("names a job whose schedule was changed with cron.alter_job or cron.schedule", async () => {
    const esc = (s: string) => s.replace(/[*/]/g, "\\$&");
    const line = (s: string) => new RegExp(`^changed +cron job health-check: line 1: expected "schedule ${esc(before)}", found "schedule ${esc(s)}"$`, "m");
    expect(diff(cronUrl()).out).not.toMatch(/cron job health-check/);
    await withClient(cronUrl(), (c) => c.query(`select cron.alter_job(jobid, schedule => '*/5 * * * *') from cron.job where jobname = 'health-check'`));
    const altered = diff(cronUrl());
    expect(altered.out).toMatch(line("*/5 * * * *"));
    expect(altered.code).toBe(1);
    await withClient(cronUrl(), (c) => c.query(`select cron.schedule('health-check', '7 * * * *', command) from cron.job where jobname = 'health-check'`));
    const rescheduled = diff(cronUrl());
    expect(rescheduled.out).toMatch(line("7 * * * *"));
    expect(rescheduled.code).toBe(1);
  });

  it("names a job made active behind the registry's back", async () => {
    await withClient(cronUrl(), (c) => c.query(`select cron.alter_job(jobid, active => true) from cron.job where jobname = 'ppm-reminders'`));
    try {
      const r = diff(cronUrl());
      expect(r.out).toMatch(/^changed +cron job ppm-reminders: line 3: expected \(nothing\), found "active true while ops\.cron_jobs says disabled"$/m);
      expect(r.code).toBe(1);
    } finally {
      await withClient(cronUrl(), (c) => c.query(`select cron.alter_job(jobid, active => false) from cron.job where jobname = 'ppm-reminders'`));
    }
  });
});
