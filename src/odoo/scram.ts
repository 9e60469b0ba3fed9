// A SCRAM-SHA-256 verifier computed on the client (RFC 5802, RFC 7677), in the form PostgreSQL
// stores in pg_authid.rolpassword: `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`.
// `alter role … password '<verifier>'` stores it as it is, so the plaintext never reaches the
// server, its statement log or pg_stat_statements. `pg` only implements the client side of the
// exchange (pg/lib/crypto/sasl.js exports no verifier helper), so this uses node's crypto.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/** PostgreSQL's default (scram_iterations), what `\password` uses. */
export const SCRAM_ITERATIONS = 4096;

/**
 * SASLprep the way `pg`'s client applies it before computing its proof (pg/lib/crypto/sasl.js, not
 * exported), as the server and libpq do: ASCII is left as it is; otherwise non-ASCII spaces become a
 * space, characters "mapped to nothing" go, and the rest is normalised with NFKC. So a verifier of a
 * restored non-ASCII password matches what clients send. A generated password is ASCII.
 */
export function saslprep(password: string): string {
  if (/^[\x00-\x7f]*$/.test(password)) return password;
  return password
    .replace(/[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]/g, " ")
    .replace(/[\u00ad\u034f\u1806\u180b-\u180d\u200c\u200d\u2060\ufe00-\ufe0f\ufeff]/g, "")
    .normalize("NFKC");
}

/** The verifier of `password` with a fresh 16-byte salt (or the one given, for tests). */
export function scramVerifier(password: string, opts: { salt?: Buffer; iterations?: number } = {}): string {
  const salt = opts.salt ?? randomBytes(16);
  const iterations = opts.iterations ?? SCRAM_ITERATIONS;
  const salted = pbkdf2Sync(Buffer.from(saslprep(password), "utf8"), salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/** A strong password: 32 random bytes as base64url (43 characters, ASCII only, no quoting needed). */
export function generatePassword(): string {
  return randomBytes(32).toString("base64url");
}
