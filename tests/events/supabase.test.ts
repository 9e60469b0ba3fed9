// The partition lifecycle on a Supabase-shaped database, as its non-superuser `postgres` (the
// owner of ops.events): archive, verify, a tampered file named, restore read-only, the chain whole.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { supabaseProfileFromProcess } from "../../src/testrun/supabase.ts";
import { backdated, chainOk, oldPartition, seal, sql, ssot, tamper } from "./support.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-archive-supabase-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function url(): string {
  const p = supabaseProfileFromProcess();
  if (!p) throw new Error("the Supabase profile is not prepared: run tests with `npm test`");
  return p.url;
}

describe("ssot events on Supabase, as postgres", () => {
  it("archives, verifies, names a tampered file, restores read-only, and the chain holds", async () => {
    expect(await sql(url(), `select rolsuper from pg_roles where rolname = current_user`)).toEqual([{ rolsuper: false }]);
    const p = await oldPartition(url(), "2018-07");
    await backdated(url(), "2018-07", 12, "supabase.july");
    await seal(url());
    const file = path.join(dir, `${p}.jsonl.gz`);
    const a = await ssot(url(), ["events", "archive", "--before", "2018-08-01", "--to", dir]);
    expect(a.err).toBe("");
    expect(a.out).toMatch(/^archived ops\.events_2018_07 → .* \(12 events, seals \d+\)$/m);
    expect(a.code).toBe(0);
    expect(await sql(url(), `select to_regclass('ops.events_2018_07') is null as gone`)).toEqual([{ gone: true }]);
    expect(await chainOk(url())).toEqual({ ok: true, problem: null });
    expect((await ssot(url(), ["events", "verify", "--archive", dir])).code).toBe(0);

    const original = fs.readFileSync(file);
    tamper(file, (l, i) => (i === 1 ? l.replace("supabase.july", "supabase.jul7") : l));
    const v = await ssot(url(), ["events", "verify", "--archive", dir]);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/^problem events_2018_07\.jsonl\.gz: its sha256 is .* the file was changed$/m);
    expect(v.out).toMatch(/^problem seal \d+: events .* in events_2018_07\.jsonl\.gz( and the database)? do not match the seal: they were changed after sealing$/m);
    fs.writeFileSync(file, original);

    const r = await ssot(url(), ["events", "restore", file]);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/the seal chain verifies/);
    expect(r.code).toBe(0);
    expect(await sql(url(), `select count(*)::int as n from ops.events where event_type = 'supabase.july'`)).toEqual([{ n: 12 }]);
    await expect(sql(url(), `insert into ops.events (occurred_at, source, event_type) values ('2018-07-20', 'x', 'y')`)).rejects.toMatchObject({ code: "SS025" });
    // the owner cannot write it directly either: no privilege, and the trigger
    await expect(sql(url(), `insert into ops.events_2018_07 (id, occurred_at, source, event_type) values (-1, '2018-07-20', 'x', 'y')`)).rejects.toMatchObject({ code: "42501" });
    expect(await chainOk(url())).toEqual({ ok: true, problem: null });
    expect((await ssot(url(), ["events", "verify"])).code).toBe(0);
  });
});
