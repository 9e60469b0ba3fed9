// `ssot rag search`: embed the query with the configured embedder and call rag.hybrid_search.
import pg from "pg";
import { toVectorLiteral, type Embedder } from "./embed.ts";

export interface SearchOptions {
  embedder: Embedder;
  count?: number;
  threshold?: number;
  language?: string;
  filter?: Record<string, unknown>;
}

export interface SearchHit {
  id: number;
  source: string;
  ordinal: number;
  content: string;
  score: number;
  semantic_rank: number | null;
  semantic_similarity: number | null;
  full_text_rank: number | null;
  trigram_rank: number | null;
}

export async function search(databaseUrl: string, query: string, o: SearchOptions): Promise<{ hits: SearchHit[]; warnings: string[] }> {
  const [vector] = await o.embedder.embed([query]);
  const c = new pg.Client({ connectionString: databaseUrl, application_name: "ssot rag search" });
  await c.connect();
  try {
    const warnings: string[] = [];
    const models = await c.query<{ m: string }>(`select distinct provenance->>'embedder' as m from rag.documents where provenance ? 'embedder' order by 1`);
    const others = models.rows.map((r) => r.m).filter((m) => m !== o.embedder.model);
    if (others.length)
      warnings.push(`some documents were embedded with ${others.join(", ")}, the query with ${o.embedder.model}: semantic ranks of those documents are meaningless`);
    const r = await c.query<SearchHit>(
      `select h.id, d.source, c.ordinal, h.content, h.score, h.semantic_rank, h.semantic_similarity, h.full_text_rank, h.trigram_rank
       from rag.hybrid_search(
         query_embedding => $1::extensions.vector, query_text => $2, match_threshold => $3,
         match_count => $4, filter => $5::jsonb, query_language => $6) h
       join rag.chunks c on c.id = h.id
       join rag.documents d on d.id = h.document_id
       order by h.score desc, h.id`,
      [toVectorLiteral(vector!), query, o.threshold ?? 0, o.count ?? 10, JSON.stringify(o.filter ?? {}), o.language ?? "english"],
    );
    return { hits: r.rows, warnings };
  } finally {
    await c.end().catch(() => {});
  }
}
