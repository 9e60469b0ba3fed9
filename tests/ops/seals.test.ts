// Seals of any size, and seals made before the digest changed. A seal over more than 1 GB of event
// text once failed (one string of all the events), and then failed at every later try, since the
// next seal covers even more; scheme 2 hashes event by event. Seals of scheme 1 still verify.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("seals");
});
afterAll(async () => {
  await db?.drop();
});

const rows = <T = Record<string, unknown>>(url: string, sql: string) => withClient(url, (c) => c.query(sql).then((r) => r.rows as T[]));
const q = <T = Record<string, unknown>>(sql: string) => rows<T>(db.url, sql);

/** The doctor's verdict on the event log; maxEvents sets ssot.seal_full_verify_max_events. */
const doctor = (url: string, maxEvents?: number) =>
  withClient(url, async (c) => {
    if (maxEvents !== undefined) await c.query(`select set_config('ssot.seal_full_verify_max_events', $1, false)`, [String(maxEvents)]);
    return (await c.query(`select status, detail from advisor.run_checks() where check_id = 'events_append_only'`)).rows[0] as { status: string; detail: string };
  });

/** A database of its own for one test, dropped afterwards. */
async function withDatabase(prefix: string, fn: (q: <T = Record<string, unknown>>(sql: string) => Promise<T[]>, url: string) => Promise<void>) {
  const d = await createTestDatabase(prefix);
  try {
    await fn((sql) => rows(d.url, sql), d.url);
  } finally {
    await d.drop();
  }
}

describe("event seals", () => {
  it("a seal made with the first digest scheme still verifies, and a tampered one does not", async () => {
    await q(`select ops.emit('seal.test', 'old.scheme', jsonb_build_object('i', g)) from generate_series(1, 50) g`);
    // a seal exactly as ops.seal_events made them before migration 000012, with scheme 1's own formula
    await q(`
      insert into ops.event_seals (from_txid, to_txid, event_count, first_event_id, last_event_id, batch_digest, digest_scheme, prev_hash, hash)
      select '0'::xid8, pg_snapshot_xmin(pg_current_snapshot()), d.n, d.lo, d.hi, d.digest, 1, null,
             ops.event_seal_hash(null, '0'::xid8, pg_snapshot_xmin(pg_current_snapshot()), d.n, d.digest)
        from (select count(*) as n, min(e.id) as lo, max(e.id) as hi,
                     sha256(convert_to(coalesce(string_agg(jsonb_build_array(
                       e.id, to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), e.source, e.event_type,
                       e.aggregate_type, e.aggregate_id, e.actor_role, e.actor_sub, e.correlation_id, e.payload, e.txid::text
                     )::text, E'\\n' order by e.id), ''), 'UTF8')) as digest
                from ops.events e where e.txid < pg_snapshot_xmin(pg_current_snapshot())) d`);
    await q(`select ops.emit('seal.test', 'new.scheme', '{}')`);
    const [sealed] = await q<{ n: number }>(`select count(*)::int as n from ops.seal_events()`);
    expect(sealed!.n).toBe(1);
    expect(await q(`select digest_scheme, event_count::int from ops.event_seals order by id`)).toEqual([
      { digest_scheme: 1, event_count: 50 },
      { digest_scheme: 2, event_count: 1 },
    ]);
    expect(await q(`select ok, seals_checked::int, problem from ops.verify_event_seals()`)).toEqual([{ ok: true, seals_checked: 2, problem: null }]);
    // a superuser changes an event under the old seal: caught
    await q(`alter table ops.events disable trigger user`);
    await q(`update ops.events set payload = '{"i": 999}' where event_type = 'old.scheme' and payload = '{"i": 7}'`);
    await q(`alter table ops.events enable trigger user`);
    const [v] = await q<{ ok: boolean; first_broken_seal: number; problem: string }>(`select ok, first_broken_seal::int, problem from ops.verify_event_seals()`);
    expect(v!.ok).toBe(false);
    expect(v!.first_broken_seal).toBe(1);
    expect(v!.problem).toMatch(/changed after sealing/);
  });

  it("re-hashes recent seals only when asked, checks every link anyway, and records the full check", async () => {
    await withDatabase("seals_window", async (q3, url) => {
      await q3(`select ops.emit('seal.test', 'week.old', jsonb_build_object('i', g)) from generate_series(1, 20) g`);
      await q3(`select * from ops.seal_events()`);
      await q3(`select ops.emit('seal.test', 'today', jsonb_build_object('i', g)) from generate_series(1, 20) g`);
      await q3(`select * from ops.seal_events()`);
      // the first seal was made a week ago (as a superuser could backdate it; the hash does not cover sealed_at)
      const tamper = async (sql: string) => withClient(url, async (c) => {
        await c.query(`begin`);
        await c.query(`alter table ops.event_seals disable trigger user`);
        await c.query(`alter table ops.events disable trigger user`);
        await c.query(sql);
        await c.query(`alter table ops.events enable trigger user`);
        await c.query(`alter table ops.event_seals enable trigger user`);
        await c.query(`commit`);
      });
      await tamper(`update ops.event_seals set sealed_at = now() - interval '7 days' where id = 1`);
      await tamper(`update ops.events set payload = '{"i": 0}' where event_type = 'week.old' and payload = '{"i": 3}'`);
      const recent = await q3(`select ok, seals_checked::int, seals_recomputed::int from ops.verify_event_seals(now() - interval '1 day')`);
      expect(recent).toEqual([{ ok: true, seals_checked: 2, seals_recomputed: 1 }]); // the old seal's events are not re-read
      const full = await q3(`select ok, seals_recomputed::int, first_broken_seal::int from ops.verify_event_seals()`);
      expect(full).toEqual([{ ok: false, seals_recomputed: 1, first_broken_seal: 1 }]);
      // the full check, recorded; the doctor of a log too large to re-hash reads it
      await q3(`select ops.check_event_seals()`);
      expect(await q3(`select status, detail ->> 'first_broken_seal' as seal from ops.health_checks where target = 'ops.event_seals'`)).toEqual([{ status: "down", seal: "1" }]);
      await q3(`analyze ops.events`);
      const large = await doctor(url, 0);
      expect(large.status).toBe("fail");
      expect(large.detail).toMatch(/full seal check of .* failed: seal 1: events \d+\.\.\d+ were changed after sealing/);
      // a seal link broken today is caught by the cheap walk alone
      await tamper(`update ops.event_seals set prev_hash = '\\x00' where id = 2`);
      expect(await q3(`select ok, first_broken_seal::int from ops.verify_event_seals(now())`)).toEqual([{ ok: false, first_broken_seal: 2 }]);
    });
  });

  it("a large log without a recent full check is a warning, a passed one a pass", async () => {
    await withDatabase("seals_doctor", async (q4, url) => {
      await q4(`select ops.emit('seal.test', 'x', jsonb_build_object('i', g)) from generate_series(1, 10) g`);
      await q4(`select * from ops.seal_events()`);
      await q4(`analyze ops.events`);
      const before = await doctor(url, 0);
      expect(before.status).toBe("warn");
      expect(before.detail).toMatch(/no full seal check in 8 days/);
      await q4(`select ops.check_event_seals()`);
      const after = await doctor(url, 0);
      expect(after.status).toBe("pass");
      expect(after.detail).toMatch(/1 seals chained, 1 re-hashed \(the last day\); full check passed/);
      // small logs are re-hashed in full by the doctor itself
      expect(await doctor(url)).toEqual({ status: "pass", detail: "guards in place; 1 seals verified" });
    });
  });

  it("seals more than 1 GB of event text in one seal, which one string of all events cannot hold", async () => {
    await withDatabase("seals_big", async (q2, url) => {
      // 11,000 events of ~100 kB (compressed on disk): ~1.1 GB as text
      await q2(`insert into ops.events (source, event_type, payload) select 'seal.test', 'big', jsonb_build_object('blob', repeat('x', 100000), 'i', g) from generate_series(1, 11000) g`);
      const one = await withClient(url, (c) =>
        c.query(`select * from ops.event_batch_digest('0'::xid8, pg_snapshot_xmin(pg_current_snapshot()), 1)`).then(() => "no error", (e: { code?: string }) => e.code));
      expect(one).toBe("54000"); // scheme 1: "out of memory … Cannot enlarge string buffer" (program_limit_exceeded)
      const [s] = await q2<{ event_count: number }>(`select event_count::int from ops.seal_events()`);
      expect(s!.event_count).toBe(11000);
      expect(await q2(`select ok, seals_checked::int from ops.verify_event_seals()`)).toEqual([{ ok: true, seals_checked: 1 }]);
    });
  }, 180_000);
});
