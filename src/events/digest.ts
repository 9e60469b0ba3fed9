// The seal arithmetic of db/functions/ops/event_batch_digest.sql, recomputed outside the database
// from canonical event texts (ops.event_canonical_text), so that an archive file verifies against
// the seals without its events being in the database:
//   scheme 1: sha256 of all texts joined by "\n";
//   scheme 2: per run of ids (id / 10000) the sha256 of the events' own sha256s in id order, then
//             the sha256 of the runs' digests in run order;
//   seal hash: sha256(prev_hash || "|from_txid|to_txid|event_count|" || batch_digest).
import { createHash, type Hash } from "node:crypto";

/** A seal as ops.event_seals holds it, digests in hex (the shape of the manifest's seals). */
export interface SealRow {
  id: number;
  from_txid: string;
  to_txid: string;
  event_count: number;
  first_event_id: number | null;
  last_event_id: number | null;
  digest_scheme: number;
  batch_digest: string;
  prev_hash: string | null;
  hash: string;
}

/** One problem found: what it is about (a file, a partition, a seal) and what is wrong. */
export interface Problem {
  name: string;
  message: string;
}

/** The query reading seals in that shape. */
export const SEALS_SQL = `select id, from_txid::text, to_txid::text, event_count, first_event_id, last_event_id, digest_scheme,
  pg_catalog.encode(batch_digest, 'hex') as batch_digest, pg_catalog.encode(prev_hash, 'hex') as prev_hash, pg_catalog.encode(hash, 'hex') as hash
  from ops.event_seals`;

export const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest();

/** An event of an archive: its id, transaction and canonical text, and the text's sha256. */
export interface EventEntry {
  id: number;
  hash: Buffer;
  text?: string;
}

/** The batch digest of a seal, fed the events in id order. */
export class BatchDigest {
  count = 0;
  private lastId = -Infinity;
  private outer: Hash = createHash("sha256");
  private run = NaN;
  private inner?: Hash;
  private first = true;

  constructor(readonly scheme: number) {}

  add(e: EventEntry) {
    if (e.id <= this.lastId) throw new Error(`event ${e.id} after event ${this.lastId}: not in id order`);
    this.lastId = e.id;
    this.count++;
    if (this.scheme === 1) {
      if (e.text === undefined) throw new Error("a scheme 1 digest needs the event texts");
      this.outer.update(this.first ? e.text : "\n" + e.text, "utf8");
      this.first = false;
      return;
    }
    const run = Math.floor(e.id / 10000);
    if (run !== this.run) {
      if (this.inner) this.outer.update(this.inner.digest());
      this.inner = createHash("sha256");
      this.run = run;
    }
    this.inner!.update(e.hash);
  }

  /** The digest in hex (call once). */
  digest(): string {
    if (this.scheme !== 1 && this.inner) this.outer.update(this.inner.digest());
    return this.outer.digest("hex");
  }
}

/** The chained hash of a seal, as ops.event_seal_hash. */
export function sealHash(s: Pick<SealRow, "prev_hash" | "from_txid" | "to_txid" | "event_count" | "batch_digest">): string {
  return createHash("sha256")
    .update(Buffer.from(s.prev_hash ?? "", "hex"))
    .update(`|${s.from_txid}|${s.to_txid}|${s.event_count}|`, "utf8")
    .update(Buffer.from(s.batch_digest, "hex"))
    .digest("hex");
}

/** The links of the chain: each seal starts where the previous ended, names its hash, and hashes to its own. */
export function chainProblems(seals: SealRow[]): Problem[] {
  const problems: Problem[] = [];
  let prev: SealRow | undefined;
  for (const s of seals) {
    if (s.from_txid !== (prev?.to_txid ?? "0") || s.prev_hash !== (prev?.hash ?? null)) {
      problems.push({ name: `seal ${s.id}`, message: `does not chain to seal ${prev?.id ?? "none"} (a seal was removed or edited)` });
    } else if (sealHash(s) !== s.hash) {
      problems.push({ name: `seal ${s.id}`, message: "its hash does not match its contents (the seal was edited)" });
    }
    prev = s;
  }
  return problems;
}

/** The seal covering a transaction id (seals in chain order), or undefined. */
export function sealFor(seals: SealRow[], upper: bigint[], txid: bigint): SealRow | undefined {
  let lo = 0;
  let hi = upper.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (upper[mid]! > txid) hi = mid;
    else lo = mid + 1;
  }
  const s = seals[lo];
  return s && BigInt(s.from_txid) <= txid ? s : undefined;
}
