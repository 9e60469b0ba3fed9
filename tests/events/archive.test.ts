// `ssot events archive|verify|restore` end to end on a database of its own (as its superuser
// owner): two months whose seals overlap (one seal spans both partitions), archived one after the
// other, verified, tampered with, lost, restored; refusals; a crash between writing the file and
// dropping the partition. tests/events/supabase.test.ts runs the flow as Supabase's postgres.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { backdated, chainOk, oldPartition, seal, sql, ssot, tamper } from "./support.ts";

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase("archive");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-archive-"));
});
afterAll(async () => {
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const partitions = () => sql<{ partition_name: string }>(db.url, `select partition_name from ops.event_partitions() where range_from < '2020-01-01'`).then((r) => r.map((x) => x.partition_name));
const jan = () => path.join(dir, "events_2019_01.jsonl.gz");
const feb = () => path.join(dir, "events_2019_02.jsonl.gz");

describe("ssot events archive, verify, restore", () => {
  it("refuses bad arguments with one line and exit 64, before touching anything", async () => {
    const bad = await ssot(db.url, ["events", "archive", "--before", "2019-02-30", "--to", os.tmpdir()]);
    expect([bad.code, bad.err.trim()]).toEqual([64, `ssot: --before must be a date YYYY-MM-DD (got "2019-02-30")`]);
    const noDir = await ssot(db.url, ["events", "archive", "--before", "2019-03-01", "--to", path.join(dir, "nope")]);
    expect([noDir.code, noDir.err.trim()]).toEqual([64, `ssot: --to ${path.join(dir, "nope")}: no such directory`]);
    const missing = await ssot(db.url, ["events", "archive", "--to", dir]);
    expect(missing.code).toBe(64);
    expect(missing.err).toMatch(/required option '--before <date>' not specified/);
    const noFile = await ssot(db.url, ["events", "restore", path.join(dir, "events_2019_01.jsonl.gz")]);
    expect([noFile.code, noFile.err.trim()]).toEqual([64, `ssot: ${jan()}: no such file`]);
    const badName = await ssot(db.url, ["events", "restore", path.join(dir, "x.txt")]);
    expect(badName.code).toBe(64);
    expect(badName.err).toMatch(/name ends with \.jsonl\.gz/);
  });

  it("archives nothing when no finished partition ends before the date", async () => {
    const r = await ssot(db.url, ["events", "archive", "--before", "2019-03-01", "--to", dir]);
    expect(r.out.trim()).toBe("no finished partition of ops.events ends on or before 2019-03-01");
    expect(r.code).toBe(0);
  });

  it("refuses a partition holding unsealed events, naming it (SS020), and writes nothing", async () => {
    await oldPartition(db.url, "2019-01");
    await oldPartition(db.url, "2019-02");
    await backdated(db.url, "2019-01", 30, "jan.first");
    const r = await ssot(db.url, ["events", "archive", "--before", "2019-03-01", "--to", dir]);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe("ssot: ops.event_archive_partition: ops.events_2019_01 holds 30 events not covered by a seal [SS020]");
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await partitions()).toEqual(["events_2019_01", "events_2019_02"]);
  });

  it("archives January while a seal spans January and February, and the chain verifies across both", async () => {
    expect(await seal(db.url)).toHaveLength(1);
    await backdated(db.url, "2019-01", 20, "jan.second");
    await backdated(db.url, "2019-02", 25, "feb.first");
    const [spanning] = await seal(db.url);
    await backdated(db.url, "2019-02", 10, "feb.second");
    await seal(db.url);
    const r = await ssot(db.url, ["events", "archive", "--before", "2019-02-01", "--to", dir]);
    expect(r.err).toBe("");
    expect(r.out).toMatch(new RegExp(`^archived ops.events_2019_01 → ${jan()} \\(50 events, seals \\d+, ${spanning}\\)$`, "m"));
    expect(r.code).toBe(0);
    expect(await partitions()).toEqual(["events_2019_02"]);
    expect(fs.readdirSync(dir).sort()).toEqual(["events_2019_01.jsonl.gz", "events_2019_01.manifest.json"]);
    const m = JSON.parse(fs.readFileSync(path.join(dir, "events_2019_01.manifest.json"), "utf8"));
    expect(m.seals.find((s: { id: number }) => s.id === spanning)).toMatchObject({ event_count: 45, events_in_file: 20 });
    expect(await sql(db.url, `select action, partition_name, row_count::int from ops.event_archives`)).toEqual([{ action: "archived", partition_name: "events_2019_01", row_count: 50 }]);
    // the database's own check counts the archived events and still holds
    expect(await chainOk(db.url)).toEqual({ ok: true, problem: null });
    const v = await ssot(db.url, ["events", "verify", "--archive", dir]);
    expect(v.out).toMatch(/^the chain holds; \d+ seals: \d+ re-hashed in the database, 2 re-hashed with events of the 1 archived partitions$/m);
    expect(v.code).toBe(0);
    const counted = await ssot(db.url, ["events", "verify"]);
    expect(counted.out).toMatch(/2 with archived events counted only \(give --archive DIR to re-read the files\)/);
    expect(counted.code).toBe(0);
  });

  it("archives February next: the spanning seal is verified from January's file", async () => {
    const r = await ssot(db.url, ["events", "archive", "--before", "2019-03-01", "--to", dir]);
    expect(r.out).toMatch(/^archived ops.events_2019_02 → .*events_2019_02.jsonl.gz \(35 events, seals \d+, \d+\)$/m);
    expect(r.code).toBe(0);
    expect(await partitions()).toEqual([]);
    const v = await ssot(db.url, ["events", "verify", "--archive", dir, "--json"]);
    expect(JSON.parse(v.out)).toMatchObject({ problems: [], fromArchives: 3, counted: 0, archives: 2 });
    expect(v.code).toBe(0);
  });

  it("names a changed byte in an archived file, and the seal it breaks", async () => {
    const original = fs.readFileSync(jan());
    tamper(jan(), (l, i) => (i === 3 ? l.replace(`"i": 4,`, `"i": 5,`) : l));
    const v = await ssot(db.url, ["events", "verify", "--archive", dir]);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/^problem events_2019_01\.jsonl\.gz: its sha256 is [0-9a-f]{64}, [0-9a-f]{64} was recorded: the file was changed$/m);
    expect(v.out).toMatch(/^problem seal \d+: events \d+\.\.\d+ in events_2019_01\.jsonl\.gz do not match the seal: they were changed after sealing$/m);
    // a byte of the compressed file itself: the gzip no longer reads
    const raw = Buffer.from(original);
    raw[raw.length - 6]! ^= 0xff;
    fs.writeFileSync(jan(), raw);
    const cut = await ssot(db.url, ["events", "verify", "--archive", dir]);
    expect(cut.code).toBe(1);
    expect(cut.out).toMatch(/^problem events_2019_01\.jsonl\.gz: (unreadable: .*|its sha256 is .*)$/m);
    fs.writeFileSync(jan(), original);
    expect((await ssot(db.url, ["events", "verify", "--archive", dir])).code).toBe(0);
  });

  it("names a seal that no longer matches its copy in the manifest kept with the file", async () => {
    const mf = path.join(dir, "events_2019_01.manifest.json");
    const original = fs.readFileSync(mf, "utf8");
    const m = JSON.parse(original);
    m.seals[0].hash = "0".repeat(64);
    fs.writeFileSync(mf, JSON.stringify(m));
    const v = await ssot(db.url, ["events", "verify", "--archive", dir]);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(new RegExp(`^problem seal ${m.seals[0].id}: differs from its copy in events_2019_01\\.jsonl\\.gz's manifest`, "m"));
    fs.writeFileSync(mf, original);
  });

  it("names a missing file, and refuses to restore a tampered one", async () => {
    const original = fs.readFileSync(feb());
    fs.rmSync(feb());
    const v = await ssot(db.url, ["events", "verify", "--archive", dir]);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(new RegExp(`^problem events_2019_02\\.jsonl\\.gz: missing from ${dir}: the archive of ops\\.events_2019_02 \\(35 events, seals \\d+\\.\\.\\d+\\)$`, "m"));
    fs.writeFileSync(feb(), original);
    tamper(feb(), (l, i) => (i === 0 ? l.replace("feb.first", "feb.fir5t") : l));
    const r = await ssot(db.url, ["events", "restore", feb()]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ssot: .*events_2019_02\.jsonl\.gz is not restored: .*the file was changed/);
    expect(await partitions()).toEqual([]);
    fs.writeFileSync(feb(), original);
  });

  it("restores both months read-only, and the database's chain verifies again", async () => {
    for (const f of [jan(), feb()]) {
      const r = await ssot(db.url, ["events", "restore", f]);
      expect(r.err).toBe("");
      expect(r.out.trim()).toMatch(/^restored ops\.events_2019_0[12] read-only from .* \((50|35) events, seals .*\)\nthe seal chain verifies$/);
      expect(r.code).toBe(0);
    }
    expect(await partitions()).toEqual(["events_2019_01", "events_2019_02"]);
    expect(await sql(db.url, `select count(*)::int as n from ops.events where source = 'test.archive'`)).toEqual([{ n: 85 }]);
    expect(await chainOk(db.url)).toEqual({ ok: true, problem: null });
    expect((await ssot(db.url, ["events", "verify"])).code).toBe(0);
    await expect(sql(db.url, `insert into ops.events (occurred_at, source, event_type) values ('2019-01-20', 'x', 'y')`)).rejects.toMatchObject({ code: "SS025" });
    await expect(sql(db.url, `insert into ops.events_2019_02 (id, occurred_at, source, event_type) values (-1, '2019-02-20', 'x', 'y')`)).rejects.toMatchObject({ code: "SS025" });
    const again = await ssot(db.url, ["events", "restore", jan()]);
    expect([again.code, again.err.trim()]).toEqual([1, "ssot: ops.events_2019_01 is in the database: nothing to restore"]);
    expect((await ssot(db.url, ["check"])).out).toMatch(/the doctrine holds/);
  });

  it("loses nothing when killed between writing the file and dropping the partition; the re-run verifies and reuses the file", async () => {
    const p = await oldPartition(db.url, "2019-04");
    await backdated(db.url, "2019-04", 40, "apr");
    await seal(db.url);
    const crashed = await ssot(db.url, ["events", "archive", "--before", "2019-05-01", "--to", dir], { SSOT_EVENTS_ARCHIVE_CRASH: "after-write" });
    expect(crashed.code).not.toBe(0);
    // the restored January and February went first (their files were there: verified, reused, dropped)
    expect(crashed.out.trim().split("\n").map((l) => l.split(" ")[1])).toEqual(["ops.events_2019_01", "ops.events_2019_02"]);
    expect(fs.existsSync(path.join(dir, `${p}.jsonl.gz`))).toBe(true);
    expect(await partitions()).toContain(p);
    expect(await sql(db.url, `select count(*)::int as n from ops.event_archives where partition_name = $1`, [p])).toEqual([{ n: 0 }]);
    expect(await chainOk(db.url)).toEqual({ ok: true, problem: null });
    const before = fs.readFileSync(path.join(dir, `${p}.jsonl.gz`));
    const rerun = await ssot(db.url, ["events", "archive", "--before", "2019-05-01", "--to", dir]);
    expect(rerun.err).toBe("");
    expect(rerun.out).toMatch(new RegExp(`^archived ops.${p} → .* \\(40 events, seals \\d+, file of an earlier run verified and reused\\)$`, "m"));
    expect(rerun.out.trim().split("\n")).toHaveLength(1);
    expect(rerun.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, `${p}.jsonl.gz`)).equals(before)).toBe(true);
    expect(await partitions()).toEqual([]);
    expect((await ssot(db.url, ["events", "verify", "--archive", dir])).code).toBe(0);
  });

  it("archives an empty month too, its file read back like any other", async () => {
    await oldPartition(db.url, "2019-05");
    const r = await ssot(db.url, ["events", "archive", "--before", "2019-06-01", "--to", dir]);
    expect(r.out).toMatch(/^archived ops\.events_2019_05 → .* \(0 events, seals none\)$/m);
    expect(r.code).toBe(0);
    const empty = fs.readFileSync(path.join(dir, "events_2019_05.jsonl.gz"));
    expect(gunzipSync(empty).length).toBe(0);
    tamper(path.join(dir, "events_2019_05.jsonl.gz"), () => "x");
    const v = await ssot(db.url, ["events", "verify", "--archive", dir]);
    expect(v.out).toMatch(/^problem events_2019_05\.jsonl\.gz: line 1 is not a canonical event text/m);
    expect(v.code).toBe(1);
    fs.writeFileSync(path.join(dir, "events_2019_05.jsonl.gz"), empty);
    expect((await ssot(db.url, ["events", "verify", "--archive", dir])).code).toBe(0);
  });

  it("never overwrites a file that is not the archive of the partition as it is now", async () => {
    await oldPartition(db.url, "2019-06");
    await backdated(db.url, "2019-06", 5, "jun");
    await seal(db.url);
    fs.copyFileSync(jan(), path.join(dir, "events_2019_06.jsonl.gz"));
    fs.copyFileSync(path.join(dir, "events_2019_01.manifest.json"), path.join(dir, "events_2019_06.manifest.json"));
    const r = await ssot(db.url, ["events", "archive", "--before", "2019-07-01", "--to", dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/events_2019_06\.jsonl\.gz is already there but is not the archive of ops\.events_2019_06 as it is now .*move it away/);
    expect(fs.readFileSync(path.join(dir, "events_2019_06.jsonl.gz")).equals(fs.readFileSync(jan()))).toBe(true);
    expect(await partitions()).toEqual(["events_2019_06"]);
  });

  it("names a partition dropped without an archive as a gap, in ssot events verify and in ops.verify_event_seals", async () => {
    await sql(db.url, `alter table ops.events detach partition ops.events_2019_06; drop table ops.events_2019_06`);
    const v = await ssot(db.url, ["events", "verify", "--archive", dir]);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/^problem seal \d+: covers 5 events but 0 are in the database and none in an archive: events were removed/m);
    expect((await chainOk(db.url))!.ok).toBe(false);
  });
});
