// `ssot secret set NAME`: the value comes from stdin (piped) or a prompt that does not echo (a
// terminal), never from an argument; empty, whitespace-only, NUL-holding and non-UTF-8 values are
// refused with one line naming the secret, and nothing is stored.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/cluster/paths.ts";
import { withClient } from "../../src/db/client.ts";
import { secretValueFrom } from "../../src/secrets/store.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { cliEnv, errLines, runCli, ssotBin } from "../../src/testrun/run-cli.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("clisecret");
});
afterAll(async () => {
  await db?.drop();
});

const env = () => ({ DATABASE_URL: db.url, ROOT_DATABASE_URL: db.url });

/** What the database holds for a secret: its vault value (or null), and its rotation rows. */
async function stored(name: string) {
  return withClient(db.url, async (c) => {
    const v = await c.query(`select decrypted_secret from vault.decrypted_secrets where name = $1`, [name]);
    const r = await c.query(`select count(*)::int as n from control_plane.rotations where secret_name = $1`, [name]);
    const s = await c.query(`select vault_secret_id from control_plane.secrets where name = $1`, [name]);
    return { value: (v.rows[0]?.decrypted_secret as string | undefined) ?? null, rotations: r.rows[0].n as number, vaultId: s.rows[0]?.vault_secret_id ?? null };
  });
}

describe("refused values: one line naming the secret, exit 64, nothing stored", () => {
  const refused: [string, string | Uint8Array, RegExp][] = [
    ["empty", "", /^ssot: secret do_api_token: empty value/],
    ["only echo's newline", "\n", /^ssot: secret do_api_token: empty value/],
    ["whitespace only", " \t  \r\n", /^ssot: secret do_api_token: the value is only whitespace/],
    ["whitespace only, with no-break spaces", "\u00a0\u2003 ", /^ssot: secret do_api_token: the value is only whitespace/],
    ["not UTF-8 (Latin-1 bytes)", Buffer.from([0x70, 0xe4, 0x73, 0x73, 0x77, 0xf6, 0x72, 0x64]), /^ssot: secret do_api_token: the value is not valid UTF-8/],
    ["not UTF-8 (a lone continuation byte)", Buffer.concat([Buffer.from("token-"), Buffer.from([0x80]), Buffer.from("-rest")]), /^ssot: secret do_api_token: the value is not valid UTF-8/],
    ["a NUL byte", "abc\0def", /^ssot: secret do_api_token: the value contains a NUL byte/],
  ];
  it.each(refused)("%s", async (_what, input, line) => {
    const r = runCli(["secret", "set", "do_api_token"], { env: env(), input });
    expect(r.code).toBe(64);
    expect(errLines(r)).toEqual([expect.stringMatching(line)]);
    expect(await stored("do_api_token")).toEqual({ value: null, rotations: 0, vaultId: null });
  });

  it("a value given as an argument or an option is refused without being echoed, and stdin is not even read", async () => {
    for (const args of [["do_api_token", "argv-secret-XYZZY"], ["do_api_token", "--value=argv-secret-XYZZY"], ["--value", "argv-secret-XYZZY", "do_api_token"]]) {
      const r = runCli(["secret", "set", ...args], { env: env(), input: "a-piped-value-that-would-be-fine" });
      expect(r.code).toBe(64);
      expect(errLines(r)).toEqual([expect.stringMatching(/^ssot: secret set takes the value on stdin, never as an argument .*printf %s "\$VALUE" \| ssot secret set NAME$/)]);
      expect(r.out + r.err).not.toContain("XYZZY");
    }
    expect(await stored("do_api_token")).toEqual({ value: null, rotations: 0, vaultId: null });
  });
});

describe("accepted values", () => {
  it("echo's trailing newline is dropped, nothing else: inner and edge spaces and multi-byte characters are kept", async () => {
    const value = "  pässwörd € 密码 — with spaces  ";
    const r = runCli(["secret", "set", "vercel_api_token"], { env: env(), input: value + "\n" });
    expect(r.code).toBe(0);
    expect(r.out + r.err).not.toContain("pässwörd");
    expect((await stored("vercel_api_token")).value).toBe(value);
    // CRLF too, and only one newline
    expect(runCli(["secret", "set", "vercel_api_token"], { env: env(), input: "second-value\n\r\n" }).code).toBe(0);
    expect((await stored("vercel_api_token")).value).toBe("second-value\n");
  });

  it("secretValueFrom decodes strictly (no U+FFFD substitution)", () => {
    expect(secretValueFrom("x", Buffer.from("ok\n"))).toBe("ok");
    expect(() => secretValueFrom("x", Buffer.from([0xc3, 0x28]))).toThrow(/not valid UTF-8/);
    expect(() => secretValueFrom("x", Buffer.from([0xef, 0xbf, 0xbd]))).not.toThrow(); // a real U+FFFD is UTF-8
  });
});

describe("on a terminal: a prompt that does not echo", () => {
  /** Runs `ssot secret set NAME` on a pseudo-terminal (script(1)); types `keys` once the prompt shows. */
  function onTerminal(name: string, keys: string) {
    return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const p = spawn("script", ["-qefc", `node ${ssotBin} secret set ${name}`, "/dev/null"], { cwd: projectRoot, env: cliEnv(env()) });
      let output = "";
      let typed = false;
      p.stdout.on("data", (d) => {
        output += d;
        if (!typed && output.includes("(input hidden): ")) {
          typed = true;
          p.stdin.write(keys);
        }
      });
      p.stderr.on("data", (d) => (output += d));
      p.on("error", reject);
      p.on("close", (code) => resolve({ code, output }));
    });
  }

  it("stores what was typed (backspace removes a whole character) and never shows it", async () => {
    const r = await onTerminal("github_app_private_key", "tty-secret-ü\x7f-QWERTY-typed-at-the-prompt\r");
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/value for github_app_private_key \(input hidden\): /);
    expect(r.output).toMatch(/github_app_private_key: stored in the vault/);
    expect(r.output).not.toContain("QWERTY");
    expect((await stored("github_app_private_key")).value).toBe("tty-secret--QWERTY-typed-at-the-prompt");
  });

  it("whitespace typed at the prompt is refused like piped whitespace; Ctrl-C cancels; nothing stored", async () => {
    const blank = await onTerminal("n8n_base_url", "   \r");
    expect(blank.code).toBe(64);
    expect(blank.output).toMatch(/secret n8n_base_url: the value is only whitespace/);
    const cancelled = await onTerminal("n8n_base_url", "half-typed-ZZZ\x03");
    expect(cancelled.code).toBe(130);
    expect(cancelled.output).not.toContain("ZZZ");
    expect(await stored("n8n_base_url")).toEqual({ value: null, rotations: 0, vaultId: null });
  });
});
