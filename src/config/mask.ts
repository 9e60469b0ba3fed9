// The one place that hides passwords in what ssot prints. `maskUrl` masks a value known to be one
// connection string or URL; `maskSecrets` masks every URL-shaped part of free text (messages, log
// lines, JSON), and `password=…` pairs (libpq key/value strings, query parameters).
//
// Neither parses with `new URL()`: the values that need masking most are the ones it rejects
// (`postgres://u:p@ss@host/db`, `postgres://u:secret@[bad/db`, a password with a space, `#` or `/`).
// The rule is deliberately wide: after `scheme://user:`, everything up to the last `@` is the
// password (WHATWG and libpq disagree on which `@` ends it, so the widest reading wins), and with
// no `@` at all, whatever follows the `:` unless it is a port number. Masking too much is allowed,
// leaking is not.

export const MASK = "****";

const SCHEME = /[a-z][a-z0-9+.-]*:\/\//gi;
/** Where a `host:port` token ends. */
const TOKEN_END = /[\s"']/;
const AUTHORITY_END = /[/?#\s]/;
/** What cannot be in the user part: the authority (or a JSON string) ended before it. */
const USER_END = /[/?#\s"'<>,]/;

/** `password=…`, `sslpassword=…`, `ODOO_PASSWORD="…"`: the value, quoted or not. */
const PASSWORD_PAIR = /(\b\w*password\s*=\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s&;,]+)/gi;

/**
 * The password's span in `text`, whose authority starts at `from` (just after `://`) and may run to
 * `end` at most; undefined when this URL carries no password.
 */
function passwordSpan(text: string, from: number, end: number): [number, number] | undefined {
  if (text[from] === "[") return undefined; // an IPv6 host: no userinfo before it
  const colon = text.indexOf(":", from);
  if (colon < 0 || colon >= end) return undefined;
  // the authority ended before any colon: host/path only (a user without a password is no secret)
  if (USER_END.test(text.slice(from, colon))) return undefined;
  const lastAt = text.lastIndexOf("@", end - 1);
  // `host:5432` is a port, unless an `@` follows in the same token (`u:123/45@h`), or after a space
  // on the same line (`u:123 456@h`, a password with a space)
  const digits = /^\d*/.exec(text.slice(colon + 1, end))![0];
  const after = colon + 1 + digits.length;
  let tokenEnd = text.slice(after, end).search(TOKEN_END);
  tokenEnd = tokenEnd < 0 ? end : after + tokenEnd;
  const atInToken = lastAt >= after && lastAt < tokenEnd;
  const nextIsSpace = after < end && /\s/.test(text[after]!);
  const isPort = (after >= end || AUTHORITY_END.test(text[after]!) || TOKEN_END.test(text[after]!)) && !atInToken && !(nextIsSpace && lastAt > after);
  if (isPort) return undefined;
  if (lastAt > colon) return [colon + 1, lastAt];
  // no `@`: `postgres://u:secret` — mask to the end of the token
  return colon + 1 < tokenEnd ? [colon + 1, tokenEnd] : undefined;
}

function maskPairs(text: string): string {
  return text.replace(PASSWORD_PAIR, (_m, key: string) => `${key}${MASK}`);
}

/** A connection string or URL with its password (and any `password=` parameter) replaced by ****. Never throws. */
export function maskUrl(url: string): string {
  const m = /^\s*[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!m) return maskPairs(url);
  const from = m[0].length;
  const span = passwordSpan(url, from, url.length);
  const masked = span ? url.slice(0, span[0]) + MASK + url.slice(span[1]) : url;
  return maskPairs(masked);
}

/** Every URL-shaped part of `text` with its password replaced by ****, line by line. Never throws. */
export function maskSecrets(text: string): string {
  if (!text.includes("://") && !/password/i.test(text)) return text;
  let out = "";
  let pos = 0;
  SCHEME.lastIndex = 0;
  for (let m = SCHEME.exec(text); m; m = SCHEME.exec(text)) {
    const from = m.index + m[0].length;
    // a URL runs to the end of its line at most, and stops where the next URL starts
    let end = text.indexOf("\n", from);
    if (end < 0) end = text.length;
    const next = /\s[a-z][a-z0-9+.-]*:\/\//i.exec(text.slice(from, end));
    if (next) end = from + next.index;
    const span = passwordSpan(text, from, end);
    if (!span) continue;
    out += text.slice(pos, span[0]) + MASK;
    pos = span[1];
    SCHEME.lastIndex = Math.max(span[1], from);
  }
  out += text.slice(pos);
  return maskPairs(out);
}
