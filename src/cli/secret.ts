// `ssot secret set NAME` (value from stdin, never an argument: arguments end up in shell history
// and process lists) and `ssot secret list` (names and due dates, never values).
import type { Command } from "commander";
import { withClient } from "../db/client.ts";
import { markExposed, recordRotation, rotationsDue, secretValueFrom, setSecret, type RotationRow } from "../secrets/store.ts";
import { readyTarget } from "./context.ts";
import { userErrorFromSql } from "./errors.ts";
import { bold, EXIT, info, red, UsageError, UserError, yellow } from "./out.ts";

/** Bytes read from stdin: all of it when piped, up to Enter at a hidden prompt on a terminal. */
async function readStdinBytes(name: string): Promise<Buffer> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
  // no echo from here on; the prompt comes after, so whoever sees it can type safely
  stdin.setRawMode(true);
  process.stderr.write(`value for ${name} (input hidden): `);
  stdin.resume();
  return new Promise((resolve, reject) => {
    const bytes: number[] = [];
    const onData = (buf: Buffer) => {
      for (const b of buf) {
        if (b === 0x0d || b === 0x0a || b === 0x04) return finish(() => resolve(Buffer.from(bytes))); // Enter, Ctrl-D
        if (b === 0x03) return finish(() => reject(new UserError(`secret ${name}: cancelled, nothing stored`, EXIT.interrupted)));
        if (b === 0x7f || b === 0x08) {
          // backspace removes the last character: its UTF-8 continuation bytes, then its first byte
          while (bytes.length && (bytes[bytes.length - 1]! & 0xc0) === 0x80) bytes.pop();
          bytes.pop();
        } else bytes.push(b);
      }
    };
    const finish = (then: () => void) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      then();
    };
    stdin.on("data", onData);
  });
}

/** Reads the value: all of stdin when piped, a hidden prompt on a terminal; validated by secretValueFrom. */
export async function readSecretValue(name: string): Promise<string> {
  return secretValueFrom(name, await readStdinBytes(name));
}

export function registerSecret(program: Command) {
  const secret = program.command("secret").description("the vault and the secret registry (control_plane.secrets)");
  secret
    .command("set")
    .description("set or rotate a registered secret; the value is read from stdin (a hidden prompt on a terminal), never from an argument")
    .argument("<name>", "a secret declared in db/seeds (kind: secrets)")
    .usage("<name>  (value on stdin: printf %s \"$VALUE\" | ssot secret set <name>)")
    // a value given as an argument or option is refused below, without echoing it
    .allowExcessArguments(true)
    .allowUnknownOption(true)
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      if (cmd.args.length !== 1 || name.startsWith("-"))
        throw new UsageError(`secret set takes the value on stdin, never as an argument (it would stay in shell history and process lists): printf %s "$VALUE" | ssot secret set NAME`);
      const value = await readSecretValue(name);
      const t = await readyTarget();
      await withClient(t.databaseUrl, (c) =>
        setSecret(c, name, value).catch((e) => {
          throw userErrorFromSql(e);
        }),
      );
      info(`${name}: stored in the vault`);
    });
  secret
    .command("list")
    .description("registered credentials with owner, cadence, last rotation, due date, state, where each lives and its last use (never values)")
    .option("--json", "machine-readable output")
    .option("--overdue", "exit 1 when a credential is exposed, overdue or unset (for CI)")
    .action(async (opts) => {
      const t = await readyTarget();
      const rows = await withClient(t.databaseUrl, rotationsDue);
      if (opts.json) info(JSON.stringify(rows));
      else printRotations(rows);
      if (opts.overdue && rows.some((r) => r.state === "exposed" || r.state === "overdue" || r.state === "unset")) process.exitCode = 1;
    });
  secret
    .command("exposed")
    .description("mark a credential exposed: due for rotation now, and `ssot doctor` fails (lint secret_exposed) until a new value is set or its rotation recorded")
    .argument("<name>", "a registered credential (ssot secret list)")
    .requiredOption("--reason <text>", "why (1 to 500 characters; never the value itself)")
    .action(async (name: string, opts: { reason: string }) => {
      const t = await readyTarget();
      const at = await withClient(t.databaseUrl, (c) =>
        markExposed(c, name, opts.reason).catch((e) => {
          throw userErrorFromSql(e);
        }),
      );
      info(`${name}: ${red("exposed")} since ${at.toISOString()}; rotate it now, then ssot secret set ${name} (vault) or ssot secret rotated ${name} (external)`);
    });
  secret
    .command("rotated")
    .description("record that a credential living outside the vault (location external) was rotated where it lives; ends an exposure")
    .argument("<name>", "a registered external credential (ssot secret list)")
    .option("--note <text>", "how or where (at most 500 characters; never the value)")
    .action(async (name: string, opts: { note?: string }) => {
      const t = await readyTarget();
      await withClient(t.databaseUrl, (c) =>
        recordRotation(c, name, opts.note).catch((e) => {
          throw userErrorFromSql(e);
        }),
      );
      info(`${name}: rotation recorded`);
    });
}

function printRotations(rows: RotationRow[]) {
  const w = Math.max(4, ...rows.map((r) => r.name!.length));
  info(bold(`${"name".padEnd(w)}  ${"owner".padEnd(16)}  ${"cadence".padEnd(9)}  ${"lives in".padEnd(8)}  ${"rotated".padEnd(10)}  ${"due".padEnd(10)}  ${"last used".padEnd(10)}  state`));
  for (const r of rows) {
    const state = r.state === "overdue" || r.state === "exposed" ? red(r.state) : r.state === "ok" ? r.state : yellow(r.state!);
    const used = r.location === "external" ? "n/a" : (r.last_used ?? "never");
    info(
      `${r.name!.padEnd(w)}  ${r.owner!.padEnd(16)}  ${r.cadence!.padEnd(9)}  ${r.location!.padEnd(8)}  ${(r.last_rotated ?? "-").padEnd(10)}  ${(r.due ?? "-").padEnd(10)}  ${used.padEnd(10)}  ${state}` +
        (r.state === "exposed" ? `  (${r.exposed_reason})` : ""),
    );
  }
}
