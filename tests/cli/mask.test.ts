// The CLI never prints a password: every URL-shaped string it prints or throws is masked, including
// values `new URL()` cannot parse. Each hostile value carries a marker (LEAK…) that must not appear
// anywhere in stdout or stderr.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskSecrets, maskUrl } from "../../src/config/mask.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { errLines, runCli, runCliAsync } from "../../src/testrun/run-cli.ts";

/** Connection strings whose password holds what breaks URL parsing; the marker is in the password. */
const hostile = [
  "postgres://u:p@ssLEAK1@127.0.0.1:1/db", // an unencoded @
  "postgres://u:LEAK2secret@[bad/db", // an unparseable host
  "postgres://u:my LEAK3 secret@127.0.0.1:1/db", // spaces
  "postgres://u:pa#LEAK4@127.0.0.1:1/db", // a # (starts a fragment)
  "postgres://u:pa/LEAK5@127.0.0.1:1/db", // a /
  "postgresql://u:LEAK6\"quote'@127.0.0.1:1/db", // quotes
  "postgres://u:123 LEAK7@127.0.0.1:1/db", // digits, then a space
  "postgres://u:LEAK8@127.0.0.1:1/db?sslmode=disable", // parseable, refused
  "postgres://127.0.0.1:1/db?password=LEAK9", // a password parameter
];

const leaks = (r: { out: string; err: string }) => (r.out + r.err).match(/LEAK\d*/g) ?? [];

describe("maskUrl and maskSecrets", () => {
  it.each(hostile)("mask %s", (url) => {
    expect(maskUrl(url)).not.toMatch(/LEAK/);
    expect(maskSecrets(`DATABASE_URL=${JSON.stringify(url)} is invalid: expected a postgres:// connection string`)).not.toMatch(/LEAK/);
    expect(maskSecrets(`cannot connect to ${url}: connection refused`)).not.toMatch(/LEAK/);
  });

  it("keeps what is not a password: hosts, ports, users, paths, an e-mail address later on the line", () => {
    expect(maskUrl("postgres://ssot@db.example.com:5432/ssot?sslmode=require")).toBe("postgres://ssot@db.example.com:5432/ssot?sslmode=require");
    expect(maskUrl("postgres://ssot:pw@db.example.com:5432/ssot")).toBe("postgres://ssot:****@db.example.com:5432/ssot");
    expect(maskUrl("postgres://[::1]:5432/db")).toBe("postgres://[::1]:5432/db");
    expect(maskSecrets("https://erp.example.com:8069/jsonrpc refused the login of seed_bot@example.com")).toBe("https://erp.example.com:8069/jsonrpc refused the login of seed_bot@example.com");
    expect(maskSecrets('{"url":"http://localhost:8069","user":"a@b"}')).toBe('{"url":"http://localhost:8069","user":"a@b"}');
    expect(maskSecrets("a postgres://a:x@h1/d and postgres://b:y@h2/d")).toBe("a postgres://a:****@h1/d and postgres://b:****@h2/d");
    expect(maskSecrets("host=h password='a b' dbname=x")).toBe("host=h password=**** dbname=x");
  });
});

describe("the CLI with hostile connection strings", () => {
  it.each(hostile)("DATABASE_URL=%s: one line, no password, exit 78 (does not parse) or 2 (unreachable)", (url) => {
    const r = runCli(["migrate"], { env: { DATABASE_URL: url } });
    expect(leaks(r)).toEqual([]);
    expect(errLines(r)).toHaveLength(1);
    expect([2, 78]).toContain(r.code);
  });

  it.each(hostile)("--database-url %s: check and odoo-db provision never print it (doctor and test too, for the first three)", (url) => {
    const commands = hostile.indexOf(url) < 3 ? [["check"], ["doctor"], ["test"], ["odoo-db", "provision"]] : [["check"], ["odoo-db", "provision"]];
    for (const args of commands) {
      const r = runCli([...args, "--database-url", url]);
      expect(leaks(r), args.join(" ")).toEqual([]);
      expect([2, 64], args.join(" ")).toContain(r.code);
    }
  });

  it.each(["SHADOW_DATABASE_URL", "ROOT_DATABASE_URL"])("%s that does not parse: named, masked, exit 78", (name) => {
    const r = runCli(["status"], { env: { DATABASE_URL: "postgres://u@127.0.0.1:1/db", [name]: "postgres://u:my LEAK secret@[x/db" } });
    expect(leaks(r)).toEqual([]);
    expect(r.code).toBe(78);
    expect(r.err.trim()).toMatch(new RegExp(`^ssot: ${name}="postgres://u:\\*\\*\\*\\*@\\[x/db" is invalid`));
  });

  it.each(["https://u:my LEAK@[bad", "ftp://u:LEAK@erp.example.com", "https://u:p@ssLEAK@erp.example.com:99999"])("ODOO_URL=%s that is refused: masked, exit 78", (url) => {
    const r = runCli(["odoo", "seed"], { env: { ODOO_URL: url, ODOO_USER: "u", ODOO_PASSWORD: "LEAK-odoo-password" } });
    expect(leaks(r)).toEqual([]);
    expect(r.code).toBe(78);
    expect(r.err).toMatch(/ODOO_URL=.* is invalid/);
  });
});

describe("against a database", () => {
  let db: TestDatabase;
  let password: string;
  beforeAll(async () => {
    db = await createTestDatabase("climask");
    password = decodeURIComponent(new URL(db.url).password);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("ssot check prints the database it checked with the password masked", () => {
    const r = runCli(["check", "--database-url", db.url]);
    expect(r.code).toBe(0);
    expect(password.length).toBeGreaterThan(8);
    expect(r.out + r.err).not.toContain(password);
    expect(r.out).toMatch(/the doctrine holds \(postgres:\/\/[^:]+:\*\*\*\*@/);
  });

  it("an ODOO_URL with credentials that Odoo cannot be reached at: the Odoo error is masked, exit 2", async () => {
    // a port that refuses: nothing listens once the probe server is closed
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    for (const url of [`https://bot:p@ssLEAK@127.0.0.1:${port}/`, `http://bot:LEAK%20x@127.0.0.1:${port}`]) {
      const r = await runCliAsync(["odoo", "shadow"], {
        env: { DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url, ODOO_URL: url, ODOO_DB: "odoo", ODOO_USER: "u", ODOO_PASSWORD: "pw", ODOO_RETRIES: "0" },
      });
      expect(leaks(r)).toEqual([]);
      expect(r.err).toMatch(/cannot reach http/);
      expect(r.code).toBe(2);
    }
  });
});
