// Writing and reading the data file of an archive, streamed: the partition is read through a
// cursor and gzip'd to disk, a file is gunzip'd and split into lines as it is read; neither is ever
// whole in memory.
import fs from "node:fs";
import { createHash } from "node:crypto";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { createGunzip, createGzip } from "node:zlib";
import { escapeIdentifier } from "pg";
import type { Client } from "../db/client.ts";
import { commitFile } from "./manifest.ts";

const BATCH = 5000;

/** A pass-through stream hashing what goes through it. */
function hashTap() {
  const hash = createHash("sha256");
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { tap, hex: () => hash.digest("hex") };
}

/**
 * Writes the events of ops.<partition> as their canonical texts, one per line in id order, gzip'd
 * to `file` (under a temporary name, flushed, then renamed). Returns the file's sha256 and lines.
 */
export async function writeArchiveFile(c: Client, partition: string, file: string): Promise<{ sha256: string; rows: number }> {
  const tmp = `${file}.tmp-${process.pid}`;
  let rows = 0;
  const { tap, hex } = hashTap();
  await c.query("begin isolation level repeatable read read only");
  try {
    await c.query(`declare archive_cursor no scroll cursor for
      select ops.event_canonical_text(e) as t from ops.${escapeIdentifier(partition)} e order by e.id`);
    async function* lines() {
      for (;;) {
        const r = await c.query<{ t: string }>(`fetch ${BATCH} from archive_cursor`);
        if (!r.rows.length) return;
        rows += r.rows.length;
        yield r.rows.map((x) => x.t + "\n").join("");
      }
    }
    await pipeline(lines(), createGzip(), tap, fs.createWriteStream(tmp));
    await c.query("commit");
  } catch (e) {
    await c.query("rollback").catch(() => {});
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  commitFile(tmp, file);
  return { sha256: hex(), rows };
}

/**
 * The lines of a gzip'd archive file, in order; `done()` after the last gives the sha256 of the file
 * as stored. A file that is not gzip (or is cut short) throws as it is read.
 */
export function readArchiveLines(file: string) {
  const hash = createHash("sha256");
  async function* lines(): AsyncGenerator<string> {
    const src = fs.createReadStream(file);
    src.on("data", (d) => hash.update(d as Buffer));
    const gz = createGunzip();
    src.on("error", (e) => gz.destroy(e));
    src.pipe(gz);
    const dec = new StringDecoder("utf8");
    let rest = "";
    for await (const chunk of gz) {
      const parts = (rest + dec.write(chunk as Buffer)).split("\n");
      rest = parts.pop()!;
      yield* parts;
    }
    rest += dec.end();
    if (rest !== "") yield rest;
  }
  return { lines: lines(), sha256: () => hash.digest("hex") };
}
