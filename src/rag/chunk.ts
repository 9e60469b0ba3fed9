// Chunking for `ssot rag ingest`: markdown is cut at headings first (each chunk remembers its
// heading path), then every section is packed paragraph by paragraph up to `maxChars`, with the
// last `overlap` characters of a chunk repeated at the start of the next one in the same section.
// Plain text is one section. Code fences are never cut at a heading-looking line.

export interface ChunkOptions {
  /** Upper bound on a chunk's length in characters (the overlap included). */
  maxChars: number;
  /** Characters carried over from the previous chunk of the same section. */
  overlap: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { maxChars: 1500, overlap: 200 };

export interface Chunk {
  ordinal: number;
  content: string;
  /** Heading path, outermost first (markdown only). */
  headings: string[];
  tokenCount: number;
}

interface Section {
  headings: string[];
  body: string;
}

/** Rough token count: words and punctuation marks (what a BPE tokenizer is close to for prose). */
export function countTokens(text: string): number {
  return (text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? []).length;
}

export function splitMarkdownSections(text: string): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let body: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const b = body.join("\n").trim();
    if (b) sections.push({ headings: [...path], body: b });
    body = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const f = line.match(/^\s*(```|~~~)/);
    if (f) fence = fence === null ? f[1]! : fence === f[1] ? null : fence;
    const h = fence === null && !f ? line.match(/^(#{1,6})\s+(.*?)\s*#*\s*$/) : null;
    if (h) {
      flush();
      const level = h[1]!.length;
      path.length = Math.min(path.length, level - 1);
      while (path.length < level - 1) path.push("");
      path.push(h[2]!);
      // the heading stays in the text: it carries meaning for both full-text and embeddings
      body.push(line);
    } else {
      body.push(line);
    }
  }
  flush();
  return sections.map((s) => ({ ...s, headings: s.headings.filter((x) => x !== "") }));
}

/** Cuts a piece longer than `max` at sentence, then word boundaries. */
function splitLong(piece: string, max: number): string[] {
  if (piece.length <= max) return [piece];
  const out: string[] = [];
  let rest = piece;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf(". "), window.lastIndexOf("\n"));
    if (cut < max / 2) cut = window.lastIndexOf(" ");
    if (cut < max / 4) cut = max; // one very long word: hard cut
    out.push(rest.slice(0, cut + (cut === max ? 0 : 1)).trim());
    rest = rest.slice(cut + (cut === max ? 0 : 1));
  }
  if (rest.trim()) out.push(rest.trim());
  return out;
}

/** The last `n` characters of `text`, starting at a word boundary. */
function tail(text: string, n: number): string {
  if (n <= 0 || text.length <= n) return n <= 0 ? "" : text;
  const t = text.slice(text.length - n);
  const sp = t.indexOf(" ");
  return (sp >= 0 && sp < t.length - 1 ? t.slice(sp + 1) : t).trim();
}

function packSection(body: string, o: ChunkOptions): string[] {
  const budget = o.maxChars - o.overlap;
  const pieces = body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .flatMap((p) => splitLong(p, budget));
  const chunks: string[] = [];
  let current = "";
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k]!;
    if (current && current.length + 2 + p.length > budget) {
      const room = budget - current.length - 2;
      if (current.length < budget / 4 && room >= budget / 4) {
        // a short start (a heading, a one-line intro) does not stand alone: fill its chunk
        // with the beginning of the next piece and carry the rest over
        const [head, ...rest] = splitLong(p, room);
        const restText = rest.join(" ");
        chunks.push(`${current}\n\n${head}`);
        current = "";
        if (restText) pieces.splice(k + 1, 0, restText);
        continue;
      }
      chunks.push(current);
      current = "";
    }
    current = current ? `${current}\n\n${p}` : p;
  }
  if (current) chunks.push(current);
  // overlap: prefix each chunk with the tail of the previous one
  return chunks.map((c, i) => (i > 0 && o.overlap > 0 ? `${tail(chunks[i - 1]!, o.overlap)} ${c}` : c));
}

export function chunkText(text: string, kind: "markdown" | "text", o: ChunkOptions = DEFAULT_CHUNKING): Chunk[] {
  if (!(o.maxChars >= 100)) throw new RangeError("maxChars must be at least 100");
  if (!(o.overlap >= 0 && o.overlap < o.maxChars / 2)) throw new RangeError("overlap must be >= 0 and less than half of maxChars");
  const sections = kind === "markdown" ? splitMarkdownSections(text) : [{ headings: [], body: text.trim() }];
  const out: Chunk[] = [];
  for (const s of sections) {
    for (const content of packSection(s.body, o)) {
      out.push({ ordinal: out.length, content, headings: s.headings, tokenCount: countTokens(content) });
    }
  }
  return out;
}
