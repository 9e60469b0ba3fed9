// Checks the seal chains against the receipts of the external anchor receiver (docs/anchors.md).
// The database's owner can rewrite rows and recompute every seal; it cannot make a receipt: each one
// is HMAC-SHA256 under a key only the receiver and the verifier hold (SSOT_ANCHOR_KEY), over the
// receiver's own counter and clock and the seal head it was sent. So an edited event whose seals
// were recomputed no longer matches its anchored hash, a deleted receipt leaves a gap in the
// counter, and a sealer held off long enough to delete an unsealed event leaves a gap in time.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type pg from "pg";

/** How long a seal head may go without an anchor: the receiver's clock between consecutive
 * receipts, and from the latest to now. The seal job ticks every 30 s (every minute with pg_cron
 * older than 1.5) and sends a heartbeat after 50 s without an anchor; 3 minutes leaves room for a
 * late tick and the outbox's first retry. Events younger than this can vanish unnoticed. */
export const ANCHOR_WINDOW_SECONDS = 180;
export const ANCHOR_KEY_ENV = "SSOT_ANCHOR_KEY";

export interface AnchorProblem { name: string; message: string }
export interface AnchorReport { problems: AnchorProblem[]; anchorsChecked: number }
export interface VerifyAnchorsOptions {
  /** The receiver's key (SSOT_ANCHOR_KEY): never stored in the database. */
  key: string;
  windowSeconds?: number;
  now?: Date;
  /** The receiver's first counter value for this database (1 unless it was re-keyed or shared). */
  firstSeq?: number;
  /** Re-hash the covered rows with the database's verify functions (reads the whole log): every
   * chain (true, the default), none, or the chains named (`ssot events verify` re-hashes the event
   * log itself, archives included, and asks here for the access log only). */
  recompute?: boolean | Chain[];
}

type Queryable = Pick<pg.ClientBase, "query">;
export type Chain = "ops.events" | "control_plane.access_log";
interface Anchor { chain: Chain; kind: string; seal_id: number; hash: string; seq: number; received_at: string; receipt: string }
interface Seal { id: number; hash: string; prev_hash: string | null; from_txid: string; to_txid: string; n: number; digest: string; sealed_at: Date }

const CHAINS: Record<Chain, { seals: string; count: string; verify: string; rows: string; rowsAt: string; what: string }> = {
  "ops.events": {
    seals: "ops.event_seals", count: "event_count", what: "events",
    verify: "select ok, first_broken_seal, problem from ops.verify_event_seals()", rows: "ops.events", rowsAt: "occurred_at",
  },
  "control_plane.access_log": {
    seals: "control_plane.access_log_seals", count: "row_count", what: "access-log rows",
    verify: "select ok, first_broken_seal, problem from ops.verify_access_log_seals()", rows: "control_plane.access_log", rowsAt: "at",
  },
};

/** The string a receipt signs: seq|received_at|chain|seal_id|hash (hex, lowercase). */
export function receiptMessage(a: { seq: number; received_at: string; chain: string; seal_id: number; hash: string }): string {
  return `${a.seq}|${a.received_at}|${a.chain}|${a.seal_id}|${a.hash}`;
}

export function receiptValid(key: string, a: Anchor): boolean {
  const want = createHmac("sha256", key).update(receiptMessage(a)).digest();
  const got = Buffer.from(a.receipt, "hex");
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The chained hash of a seal, as ops.event_seal_hash computes it. */
function sealHash(s: Seal): string {
  return createHash("sha256")
    .update(Buffer.from(s.prev_hash ?? "", "hex"))
    .update(`|${s.from_txid}|${s.to_txid}|${s.n}|`)
    .update(Buffer.from(s.digest, "hex"))
    .digest("hex");
}

async function loadAnchors(c: Queryable): Promise<Anchor[]> {
  const r = await c.query(`select chain, kind, seal_id, encode(seal_hash, 'hex') as hash, seq, received_at, receipt from ops.seal_anchors order by seq`);
  return r.rows.map((x) => ({ ...x, seal_id: Number(x.seal_id), seq: Number(x.seq) }));
}

async function loadSeals(c: Queryable, chain: Chain): Promise<Seal[]> {
  const t = CHAINS[chain];
  const r = await c.query(`select id, encode(hash, 'hex') as hash, encode(prev_hash, 'hex') as prev_hash, from_txid::text, to_txid::text,
    ${t.count} as n, encode(batch_digest, 'hex') as digest, sealed_at from ${t.seals} order by id`);
  return r.rows.map((x) => ({ ...x, id: Number(x.id), n: Number(x.n) }));
}

/** Receipts that verify under the key; the others are named and set aside. */
function checkReceipts(anchors: Anchor[], key: string, problems: AnchorProblem[]): Anchor[] {
  const valid: Anchor[] = [];
  for (const a of anchors) {
    if (receiptValid(key, a) && !Number.isNaN(Date.parse(a.received_at))) valid.push(a);
    else problems.push({ name: `receipt seq ${a.seq}`, message: `the receipt for ${a.chain} seal ${a.seal_id} does not verify under ${ANCHOR_KEY_ENV}: forged, or the anchor row was altered` });
  }
  return valid;
}

function checkSequence(valid: Anchor[], firstSeq: number, problems: AnchorProblem[]): void {
  let expected = firstSeq;
  for (const a of valid) {
    if (a.seq > expected) {
      const range = a.seq - 1 === expected ? `${expected}` : `${expected}..${a.seq - 1}`;
      problems.push({ name: `receipts seq ${range}`, message: `the receiver counted anchor${a.seq - 1 === expected ? "" : "s"} ${range} but the database has no valid receipt for it: an anchor was deleted or lost` });
    }
    expected = Math.max(expected, a.seq + 1);
  }
}

function checkTime(valid: Anchor[], windowMs: number, now: Date, anySeal: boolean, problems: AnchorProblem[]): void {
  const secs = (ms: number) => `${Math.round(ms / 1000)} s`;
  for (let i = 1; i < valid.length; i++) {
    const [a, b] = [valid[i - 1]!, valid[i]!];
    const gap = Date.parse(b.received_at) - Date.parse(a.received_at);
    if (gap > windowMs) {
      problems.push({ name: `anchor gap seq ${a.seq}..${b.seq}`, message: `no anchor for ${secs(gap)} between ${a.received_at} and ${b.received_at} (window ${secs(windowMs)}): the sealer was held off, and an event written then could have been removed before it was sealed` });
    }
  }
  const last = valid.at(-1);
  if (last && now.getTime() - Date.parse(last.received_at) > windowMs) {
    problems.push({ name: "anchor stream", message: `the latest anchor (seq ${last.seq}, ${last.received_at}) is ${secs(now.getTime() - Date.parse(last.received_at))} old (window ${secs(windowMs)}): sealing or anchoring has stopped` });
  } else if (!last && anySeal) {
    problems.push({ name: "anchor stream", message: `there are seals but no valid anchor: no receiver is configured (ssot.seal_anchor_url) or none of its receipts verify` });
  }
}

function checkChain(chain: Chain, seals: Seal[], valid: Anchor[], windowMs: number, now: Date, problems: AnchorProblem[]): void {
  const byId = new Map(seals.map((s) => [s.id, s]));
  let prev: Seal | undefined;
  for (const s of seals) {
    if (s.prev_hash !== (prev?.hash ?? null) || s.from_txid !== (prev?.to_txid ?? "0") || sealHash(s) !== s.hash) {
      problems.push({ name: `${chain} seal ${s.id}`, message: `the seal does not chain to seal ${prev?.id ?? "none"} or its hash does not match its contents` });
    }
    prev = s;
  }
  let maxAnchored = 0;
  for (const a of valid.filter((x) => x.chain === chain)) {
    const s = byId.get(a.seal_id);
    if (!s) problems.push({ name: `${chain} seal ${a.seal_id}`, message: `anchored at ${a.received_at} (seq ${a.seq}) but no longer in ${CHAINS[chain].seals}: removed after it was anchored` });
    else if (s.hash !== a.hash) problems.push({ name: `${chain} seal ${a.seal_id}`, message: `its hash differs from the one anchored at ${a.received_at} (seq ${a.seq}): the seal was rewritten after it was anchored (${CHAINS[chain].what} it covers, or before it, were changed and the seals recomputed)` });
    maxAnchored = Math.max(maxAnchored, a.seal_id);
  }
  // an anchored seal pins every seal before it (the chain links are checked above)
  const late = seals.filter((s) => s.id > maxAnchored && now.getTime() - s.sealed_at.getTime() > windowMs);
  if (late.length > 0) {
    problems.push({ name: `${chain} seals ${late[0]!.id}..${late.at(-1)!.id}`, message: `${late.length} seal(s) older than the window with no anchor of them or of a later seal: anchoring failed or its receipts were removed` });
  }
}

async function checkRows(c: Queryable, chain: Chain, recompute: boolean, windowMs: number, now: Date, problems: AnchorProblem[]): Promise<void> {
  const t = CHAINS[chain];
  if (recompute) {
    const v = (await c.query(t.verify)).rows[0];
    if (v && !v.ok) problems.push({ name: `${chain} seal ${v.first_broken_seal}`, message: v.problem });
  }
  const u = (await c.query(
    `select count(*)::int as n, min(id) as first from ${t.rows}
      where txid >= coalesce((select max(to_txid) from ${t.seals}), '0'::xid8) and ${t.rowsAt} < $1::timestamptz`,
    [new Date(now.getTime() - windowMs).toISOString()],
  )).rows[0];
  if (u && u.n > 0) {
    problems.push({ name: `${chain} unsealed`, message: `${u.n} ${t.what} (from id ${u.first}) are older than the window and not sealed: the sealer is not running` });
  }
}

/** Every problem found between the seal chains and the anchor receipts; none when all holds. */
export async function verifyAnchors(client: Queryable, opts: VerifyAnchorsOptions): Promise<AnchorReport> {
  if (!opts.key) throw new Error(`${ANCHOR_KEY_ENV} is not set: the anchor receiver's key is needed to check its receipts`);
  const windowMs = (opts.windowSeconds ?? ANCHOR_WINDOW_SECONDS) * 1000;
  const now = opts.now ?? new Date();
  const problems: AnchorProblem[] = [];
  const anchors = await loadAnchors(client);
  const valid = checkReceipts(anchors, opts.key, problems);
  checkSequence(valid, opts.firstSeq ?? 1, problems);
  const chains = Object.keys(CHAINS) as Chain[];
  const seals = new Map<Chain, Seal[]>();
  for (const ch of chains) seals.set(ch, await loadSeals(client, ch));
  checkTime(valid, windowMs, now, chains.some((ch) => seals.get(ch)!.length > 0), problems);
  for (const ch of chains) {
    checkChain(ch, seals.get(ch)!, valid, windowMs, now, problems);
    const re = opts.recompute ?? true;
    await checkRows(client, ch, Array.isArray(re) ? re.includes(ch) : re, windowMs, now, problems);
  }
  return { problems, anchorsChecked: anchors.length };
}
