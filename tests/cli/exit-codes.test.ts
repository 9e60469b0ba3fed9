// One exit code per class of failure (README.md, "Exit codes"). A database that cannot be reached
// exits 2 whatever the cause (refused, unresolvable host, no answer, wrong password, no such
// database), from every path that connects: a command on DATABASE_URL and `--database-url`.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { errLines, runCli, runCliAsync } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;
let refusedPort: number;
let silent: net.Server;
let silentPort: number;
const held: net.Socket[] = [];

beforeAll(async () => {
  db = await createTestDatabase("cliexit");
  // a port nothing listens on (the probe server is closed again)
  refusedPort = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  // a server that accepts connections and never answers: only a connect timeout ends the wait
  silent = net.createServer((sock) => held.push(sock));
  silentPort = await new Promise<number>((resolve) => silent.listen(0, "127.0.0.1", () => resolve((silent.address() as net.AddressInfo).port)));
});
afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise((r) => silent?.close(r));
  await db?.drop();
});

function withPassword(url: string, password: string) {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}
function withDb(url: string, name: string) {
  const u = new URL(url);
  u.pathname = "/" + name;
  return u.toString();
}

const unreachable: Record<string, () => string> = {
  "a refused port": () => `postgres://ssot:pw@127.0.0.1:${refusedPort}/db`,
  "a host name that does not resolve": () => "postgres://ssot:pw@no-such-host.invalid:5432/db",
  "a server that never answers (PGCONNECT_TIMEOUT)": () => `postgres://ssot:pw@127.0.0.1:${silentPort}/db`,
  "a wrong password": () => withPassword(db.url, "not-the-password"),
  "a database that does not exist": () => withDb(db.url, "no_such_database"),
};

describe("cannot reach the database: exit 2 whatever the cause, from DATABASE_URL and from --database-url", () => {
  it.each(Object.keys(unreachable))("%s", async (cause) => {
    const url = unreachable[cause]!();
    const env = { DATABASE_URL: url, ROOT_DATABASE_URL: url, PGCONNECT_TIMEOUT: "2" };
    // async: the silent server runs in this process
    const runs = [
      await runCliAsync(["migrate"], { env }),
      await runCliAsync(["secret", "list"], { env }),
      await runCliAsync(["check", "--database-url", url], { env: { PGCONNECT_TIMEOUT: "2" } }),
    ];
    for (const r of runs) {
      expect(r.code, r.err).toBe(2);
      expect(errLines(r)).toEqual([expect.stringMatching(/^ssot: cannot connect to postgres:\/\/[^:]+:\*\*\*\*@/)]);
    }
  }, 180_000);
});

describe("the workers", () => {
  it("odoo process and net worker exit 2 when the database is out of reach at the start (no retry loop)", async () => {
    const url = unreachable["a refused port"]!();
    for (const args of [["odoo", "process", "--once"], ["net", "worker", "--once"]]) {
      const r = await runCliAsync(args, { env: { DATABASE_URL: url, ROOT_DATABASE_URL: url } });
      expect(r.code, args.join(" ")).toBe(2);
      expect(errLines(r)).toEqual([expect.stringMatching(/^ssot: cannot connect to postgres:\/\/ssot:\*\*\*\*@127\.0\.0\.1:\d+\/db: connection refused/)]);
    }
  }, 120_000);
});

describe("the other classes", () => {
  it("1: a check that fails (ssot status with a pending migration is covered elsewhere; here secret list --overdue)", () => {
    const r = runCli(["secret", "list", "--overdue"], { env: { DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url } });
    expect(r.code).toBe(1);
  });

  it("1: the database refuses the work (an unknown secret)", () => {
    const r = runCli(["secret", "set", "no_such_secret"], { env: { DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url }, input: "a-value-long-enough" });
    expect(r.code).toBe(1);
    expect(errLines(r)).toEqual([expect.stringMatching(/^ssot: .*unknown secret "no_such_secret"/)]);
  });

  it("78: an invalid or missing environment variable, named", () => {
    const port = runCli(["db", "url"], { env: { SSOT_PORT: "nope" } });
    expect(port.code).toBe(78);
    expect(errLines(port)).toEqual([expect.stringMatching(/^ssot: SSOT_PORT="nope" is invalid/)]);
    const url = runCli(["migrate"], { env: { DATABASE_URL: "mysql://x" } });
    expect(url.code).toBe(78);
    const odoo = runCli(["odoo", "seed"], { env: { ODOO_PASSWORD: "p" } });
    expect(odoo.code).toBe(78);
    expect(errLines(odoo)).toEqual(["ssot: ODOO_USER is not set: expected the Odoo API user's login"]);
  });

  it("64: misuse", () => {
    expect(runCli(["check", "--database-url", "mysql://nope"]).code).toBe(64);
    expect(runCli(["rag", "search", "x", "--count", "0"]).code).toBe(64);
    expect(runCli(["nope"]).code).toBe(64);
  });

  it("0: --help", () => {
    const r = runCli(["secret", "set", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: ssot secret set/);
  });
});
