// The OpenAI-compatible embedder against a local HTTP server started here. The server is a fake
// (no embeddings service runs on this machine) that keeps to the OpenAI embeddings API: POST
// /v1/embeddings, bearer auth, {model, input: string[]} in, {object: "list", data: [{object:
// "embedding", index, embedding}], model, usage} out, errors as {error: {message, type, code}}.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpEmbedder, selectEmbedder, OfflineEmbedder } from "../../src/rag/embed.ts";
import { ConfigError } from "../../src/config/env.ts";

interface Seen {
  path: string;
  auth?: string;
  body: { model: string; input: string[] };
}

let server: http.Server;
let base: string;
const seen: Seen[] = [];
let mode: "ok" | "narrow" | "unauthorized" | "flaky" | "shuffled" = "ok";
let flakyFailures = 0;

const vectorFor = (text: string, dims: number) => Array.from({ length: dims }, (_, i) => ((text.length + i) % 7) / 7);

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as Seen["body"];
      seen.push({ path: req.url ?? "", auth: req.headers.authorization, body });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== "POST" || req.url !== "/v1/embeddings") return send(404, { error: { message: "Not found", type: "invalid_request_error", code: null } });
      if (mode === "unauthorized" || req.headers.authorization !== "Bearer sk-test")
        return send(401, { error: { message: "Incorrect API key provided: sk-wrong.", type: "invalid_request_error", code: "invalid_api_key" } });
      if (mode === "flaky" && flakyFailures < 2) {
        flakyFailures++;
        return send(429, { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }, { "retry-after": "0" });
      }
      const dims = mode === "narrow" ? 3 : 1536;
      const data = body.input.map((t, index) => ({ object: "embedding", index, embedding: vectorFor(t, dims) }));
      if (mode === "shuffled") data.reverse();
      send(200, { object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("HttpEmbedder (OpenAI embeddings API)", () => {
  it("posts {model, input} with bearer auth in batches and returns vectors in input order", async () => {
    mode = "shuffled";
    seen.length = 0;
    const e = HttpEmbedder.fromEnv({ EMBEDDINGS_URL: base, EMBEDDINGS_API_KEY: "sk-test", EMBEDDINGS_MODEL: "text-embedding-3-small" });
    const texts = Array.from({ length: 70 }, (_, i) => "x".repeat(i + 1));
    const out = await e.embed(texts);
    expect(out).toHaveLength(70);
    expect(out[5]).toEqual(vectorFor(texts[5]!, 1536));
    expect(seen.map((s) => s.body.input.length)).toEqual([64, 6]);
    expect(seen[0]).toMatchObject({ path: "/v1/embeddings", auth: "Bearer sk-test", body: { model: "text-embedding-3-small" } });
  });

  it("reports the API's error message on 401", async () => {
    mode = "unauthorized";
    const e = new HttpEmbedder({ url: base, apiKey: "sk-wrong", model: "m" });
    await expect(e.embed(["a"])).rejects.toThrow(/HTTP 401: Incorrect API key provided/);
  });

  it("retries on 429 and then succeeds", async () => {
    mode = "flaky";
    flakyFailures = 0;
    const e = new HttpEmbedder({ url: `${base}/embeddings`, apiKey: "sk-test", model: "m" });
    const [v] = await e.embed(["abc"]);
    expect(v).toHaveLength(1536);
    expect(flakyFailures).toBe(2);
  });

  it("refuses embeddings of the wrong dimension, naming the model", async () => {
    mode = "narrow";
    const e = new HttpEmbedder({ url: base, apiKey: "sk-test", model: "tiny-model" });
    await expect(e.embed(["a"])).rejects.toThrow(/EMBEDDINGS_MODEL tiny-model returned 3-dimension embeddings; rag.chunks holds 1536/);
  });

  it("names a bad EMBEDDINGS_URL; chooses offline when it is unset", () => {
    expect(() => HttpEmbedder.fromEnv({ EMBEDDINGS_URL: "ftp://x" })).toThrow(ConfigError);
    expect(() => HttpEmbedder.fromEnv({ EMBEDDINGS_URL: "ftp://x" })).toThrow(/EMBEDDINGS_URL="ftp:\/\/x" is invalid/);
    expect(() => selectEmbedder("http", {})).toThrow(/EMBEDDINGS_URL is not set/);
    expect(selectEmbedder(undefined, {})).toBeInstanceOf(OfflineEmbedder);
    expect(selectEmbedder(undefined, { EMBEDDINGS_URL: base })).toBeInstanceOf(HttpEmbedder);
  });
});
