// A local HTTP receiver standing in for an n8n webhook (n8n cannot run here). It verifies the
// x-ipai-signature / x-ipai-timestamp headers exactly as the receiving side of the platform does
// (hex HMAC-SHA256 of `timestamp + "." + raw body`, timestamp within 5 minutes), and can be told to
// answer 500 or to answer too slowly, so tests can drive retries and timeouts.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  signatureValid: boolean | null;
}

export interface ReceiverOptions {
  /** Signing secret to verify with; when unset, signatures are not checked (signatureValid null). */
  secret?: string;
  /** Decides the answer per request: status code and an optional delay before answering. */
  respond?: (r: Received, n: number) => { status: number; delayMs?: number };
}

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export function verifySignature(secret: string, ts: string | undefined, body: string, sig: string | undefined): boolean {
  if (!ts || !sig || !/^\d+$/.test(ts)) return false;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${ts}.${body}`).digest();
  const given = Buffer.from(sig, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startReceiver(opts: ReceiverOptions = {}): Promise<Receiver> {
  const received: Received[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const h = req.headers;
      const r: Received = {
        path: req.url ?? "",
        method: req.method ?? "",
        headers: h,
        body,
        signatureValid: opts.secret ? verifySignature(opts.secret, h["x-ipai-timestamp"] as string, body, h["x-ipai-signature"] as string) : null,
      };
      received.push(r);
      const answer = opts.respond?.(r, received.length) ?? { status: r.signatureValid === false ? 401 : 200 };
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: answer.status < 300 }));
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
