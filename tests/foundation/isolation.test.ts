// The isolation runner of `ssot test`: a spec whose output matches its expected file passes; one
// that does not fails and shows the diff (here the duplicate-delivery spec with one expected value
// changed, so the runner itself is shown able to fail).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { requireTestEnv } from "../../src/testrun/cluster.ts";
import { ISOLATION_DIR, isolationSpecs, runIsolationSpecs } from "../../src/testrun/isolation.ts";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssot-isolation-"));
  fs.cpSync(ISOLATION_DIR, path.join(dir, "in"), { recursive: true });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("every spec in db/tests/isolation has its expected output", () => {
  const specs = isolationSpecs([]).map((f) => path.basename(f, ".spec"));
  expect(specs).toEqual(expect.arrayContaining(["webhook_duplicate_delivery", "webhook_two_workers_claim", "webhook_worker_dies"]));
  for (const s of specs) expect(fs.existsSync(path.join(ISOLATION_DIR, "expected", `${s}.out`))).toBe(true);
});

it("a spec that matches passes; one whose output differs fails and prints the diff", async () => {
  const input = path.join(dir, "in");
  const spec = isolationSpecs(["webhook_duplicate_delivery"], input);
  let out = "";
  const ok = await runIsolationSpecs(requireTestEnv(), spec, path.join(dir, "ok"), (t) => (out += t), input);
  expect(ok).toEqual({ passed: 1, failed: 0 });

  const expected = path.join(input, "expected", "webhook_duplicate_delivery.out");
  const text = fs.readFileSync(expected, "utf8");
  expect(text).toContain("ids_returned|both_got_the_stored_id\n------------+----------------------\n           1|t");
  fs.writeFileSync(expected, text.replace("           1|t", "           2|t"));
  out = "";
  const bad = await runIsolationSpecs(requireTestEnv(), spec, path.join(dir, "bad"), (t) => (out += t), input);
  expect(bad).toEqual({ passed: 0, failed: 1 });
  expect(out).toContain("-           2|t");
  expect(out).toContain("+           1|t");
});
