// A local anchor receiver standing in for the external one (an n8n workflow or a small HTTP service
// in production, which cannot run here). It keeps to the protocol of docs/anchors.md as the real one
// must: its own key (never given to the database), its own counter, its own clock (settable, so a
// test can let time pass without waiting), and a receipt HMAC-SHA256(key, seq|received_at|chain|
// seal_id|hash). A repeated delivery of the same outbox row (x-ssot-outbox-id) gets the same
// receipt and does not advance the counter. The canonical string is written out here on purpose,
// not imported from src/events/anchors.ts: a drift between the two must fail the tests.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface AnchorReceipt { seq: number; received_at: string; receipt: string }
export interface AnchorReceiver {
  url: string;
  /** What it has acknowledged, in counter order. */
  log: { receipt: AnchorReceipt; body: Record<string, unknown> }[];
  /** Moves its clock forward. */
  advance(ms: number): void;
  now(): Date;
  close(): Promise<void>;
}

export async function startAnchorReceiver(key: string, start = new Date()): Promise<AnchorReceiver> {
  let offset = start.getTime() - Date.now();
  let counter = 0;
  const byOutboxId = new Map<string, AnchorReceipt>();
  const log: AnchorReceiver["log"] = [];
  const now = () => new Date(Date.now() + offset);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const { chain, seal_id, hash } = body;
      if (typeof chain !== "string" || typeof seal_id !== "number" || typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash)) {
        res.writeHead(422).end();
        return;
      }
      const outboxId = String(req.headers["x-ssot-outbox-id"] ?? "");
      let receipt = outboxId ? byOutboxId.get(outboxId) : undefined;
      if (!receipt) {
        const seq = ++counter;
        const received_at = now().toISOString();
        const mac = createHmac("sha256", key).update(`${seq}|${received_at}|${chain}|${seal_id}|${hash}`).digest("hex");
        receipt = { seq, received_at, receipt: mac };
        if (outboxId) byOutboxId.set(outboxId, receipt);
        log.push({ receipt, body });
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(receipt));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/anchor`,
    log,
    advance: (ms) => { offset += ms; },
    now,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
