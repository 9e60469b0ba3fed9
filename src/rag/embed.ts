// Embedders for rag: an OpenAI-compatible HTTP endpoint (POST {EMBEDDINGS_URL}/embeddings with
// {model, input: [...]}, answer {data: [{index, embedding}]}) and a deterministic offline embedder
// (feature hashing of words and word pairs) for tests and demos. Both give 1536 dimensions,
// the width of rag.chunks.embedding.
import { createHash } from "node:crypto";
import { z } from "zod";
import { loadFeatureEnv } from "../config/env.ts";

export const DIMENSIONS = 1536;

export interface Embedder {
  /** Recorded in each document's provenance; search warns when it differs. */
  readonly model: string;
  embed(texts: string[]): Promise<number[][]>;
}

export class EmbedderError extends Error {}

/** Deterministic, offline: the same text always gives the same unit vector; shared words → closer vectors. */
export class OfflineEmbedder implements Embedder {
  readonly model = "ssot-offline-hash-v1";

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.one(t));
  }

  private one(text: string): number[] {
    const v = new Array<number>(DIMENSIONS).fill(0);
    const words = (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).map((w) => (w.length > 4 ? w.slice(0, 6) : w));
    const add = (feature: string, weight: number) => {
      const h = createHash("sha256").update(feature).digest();
      const i = h.readUInt32BE(0) % DIMENSIONS;
      v[i]! += (h[4]! & 1 ? 1 : -1) * weight;
    };
    words.forEach((w, i) => {
      add(`w:${w}`, 1);
      if (i > 0) add(`b:${words[i - 1]} ${w}`, 0.5);
    });
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    if (norm === 0) {
      v[0] = 1; // no words at all: a fixed unit vector rather than a zero vector (cosine of zero is NaN)
      return v;
    }
    return v.map((x) => x / norm);
  }
}

const httpEnvShape = {
  EMBEDDINGS_URL: z.string().regex(/^https?:\/\/\S+$/, "an http(s) base URL of an OpenAI-compatible API, e.g. http://localhost:8080/v1"),
  EMBEDDINGS_API_KEY: z.string().min(1, "an API key").optional(),
  EMBEDDINGS_MODEL: z.string().min(1, "a model name").default("text-embedding-3-small"),
};

// The OpenAI embeddings response, reduced to what is read.
const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
  model: z.string().optional(),
});
const errorSchema = z.object({ error: z.object({ message: z.string() }) });

export interface HttpEmbedderOptions {
  url: string;
  apiKey?: string;
  model: string;
  batchSize?: number;
  timeoutMs?: number;
  retries?: number;
}

export class HttpEmbedder implements Embedder {
  readonly model: string;
  private readonly endpoint: string;

  constructor(private readonly o: HttpEmbedderOptions) {
    this.model = o.model;
    this.endpoint = o.url.replace(/\/+$/, "").endsWith("/embeddings") ? o.url.replace(/\/+$/, "") : `${o.url.replace(/\/+$/, "")}/embeddings`;
  }

  static fromEnv(source: NodeJS.ProcessEnv = process.env): HttpEmbedder {
    const e = loadFeatureEnv(httpEnvShape, source);
    return new HttpEmbedder({ url: e.EMBEDDINGS_URL, apiKey: e.EMBEDDINGS_API_KEY, model: e.EMBEDDINGS_MODEL });
  }

  async embed(texts: string[]): Promise<number[][]> {
    const size = this.o.batchSize ?? 64;
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += size) out.push(...(await this.batch(texts.slice(i, i + size))));
    return out;
  }

  private async batch(input: string[]): Promise<number[][]> {
    const retries = this.o.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(this.endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}) },
          body: JSON.stringify({ model: this.model, input, encoding_format: "float" }),
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000),
        });
      } catch (e) {
        if (attempt < retries) {
          await sleep(250 * 2 ** attempt);
          continue;
        }
        throw new EmbedderError(`EMBEDDINGS_URL ${this.endpoint}: ${(e as Error).message}`);
      }
      const text = await res.text();
      if (res.status === 429 || res.status >= 500) {
        if (attempt < retries) {
          const after = Number(res.headers.get("retry-after"));
          await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 10) * 1000 : 250 * 2 ** attempt);
          continue;
        }
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new EmbedderError(`EMBEDDINGS_URL ${this.endpoint}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
      }
      if (!res.ok) {
        const err = errorSchema.safeParse(body);
        throw new EmbedderError(`EMBEDDINGS_URL ${this.endpoint}: HTTP ${res.status}: ${err.success ? err.data.error.message : text.slice(0, 200)}`);
      }
      const parsed = responseSchema.safeParse(body);
      if (!parsed.success) throw new EmbedderError(`EMBEDDINGS_URL ${this.endpoint}: unexpected response shape: ${parsed.error.issues[0]?.message}`);
      const data = [...parsed.data.data].sort((a, b) => a.index - b.index);
      if (data.length !== input.length) throw new EmbedderError(`EMBEDDINGS_URL ${this.endpoint}: sent ${input.length} inputs, got ${data.length} embeddings`);
      for (const d of data) {
        if (d.embedding.length !== DIMENSIONS)
          throw new EmbedderError(
            `EMBEDDINGS_MODEL ${this.model} returned ${d.embedding.length}-dimension embeddings; rag.chunks holds ${DIMENSIONS} (use a ${DIMENSIONS}-dimension model such as text-embedding-3-small)`,
          );
      }
      return data.map((d) => d.embedding);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `--embedder offline|http`; by default http when EMBEDDINGS_URL is set, offline otherwise. */
export function selectEmbedder(name: string | undefined, source: NodeJS.ProcessEnv = process.env): Embedder {
  const which = name ?? (source.EMBEDDINGS_URL ? "http" : "offline");
  if (which === "offline") return new OfflineEmbedder();
  if (which === "http") return HttpEmbedder.fromEnv(source);
  throw new EmbedderError(`--embedder must be "offline" or "http" (got "${which}")`);
}

/** pgvector's text form of a vector. */
export function toVectorLiteral(v: number[]): string {
  if (v.length !== DIMENSIONS) throw new EmbedderError(`an embedding has ${v.length} dimensions; rag.chunks holds ${DIMENSIONS}`);
  return `[${v.join(",")}]`;
}
