// The loop long-running workers (`ssot net worker`, `ssot odoo process`) share to survive a server
// restart: connect, run steps until told to stop; when a step fails because the connection went
// away, say so in one line, close what is left, pause, reconnect and carry on. Work a step left
// half done is the step's own concern (both workers commit per unit of work, so a lost connection
// rolls back only the unit in flight).
import pg from "pg";

export interface ReconnectLoop {
  /** Opens the connection(s). A failure here (the server still down) is retried like a lost connection. */
  connect(): Promise<void>;
  /** Closes them, never throwing; called after a failure and once at the end. */
  disconnect(): Promise<void>;
  /** One unit of work on the open connection; false ends the loop. */
  step(): Promise<boolean>;
  /** Whether to go on; checked before each step and after each pause. */
  running(): boolean;
  /** Which errors mean "reconnect and carry on" (default isConnectionError); any other ends the loop with it. */
  retry?(e: Error): boolean;
  /** The one line per outage, e.g. "worker w1: lost the database connection (…); reconnecting". */
  say(line: string): void;
  /** Who is speaking, e.g. "net worker". */
  label: string;
  pauseMs?: number;
}

const NODE_SOCKET_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOENT"]);

/**
 * True for an error that means the server or the connection went away, not that the work was
 * wrong: a socket error, SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, crash,
 * cannot connect now: a restart), or pg's "Connection terminated" / "not queryable".
 */
export function isConnectionError(e: unknown): boolean {
  const err = e as Error & { code?: string };
  if (!(err instanceof Error)) return false;
  const code = err.code ?? "";
  if (err instanceof pg.DatabaseError) return code.startsWith("08") || ["57P01", "57P02", "57P03"].includes(code);
  if (NODE_SOCKET_ERRORS.has(code)) return true;
  return /^Connection terminated|connection error and is not queryable|Client was closed and is not queryable/.test(err.message);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `loop` until step() returns false or running() turns false; rethrows an error retry() does not accept. */
export async function runReconnecting(loop: ReconnectLoop): Promise<void> {
  const retry = loop.retry ?? isConnectionError;
  let connected = false;
  let reported = false;
  try {
    while (loop.running()) {
      try {
        if (!connected) {
          await loop.connect();
          connected = true;
          reported = false;
        }
        if (!(await loop.step())) break;
      } catch (e) {
        const err = e as Error;
        connected = false;
        await loop.disconnect();
        if (!retry(err)) throw err;
        if (!reported) loop.say(`${loop.label}: ${isConnectionError(err) ? `lost the database connection (${oneLine(err)})` : oneLine(err)}; reconnecting`);
        reported = true;
        if (loop.running()) await sleep(loop.pauseMs ?? 250);
      }
    }
  } finally {
    if (connected) await loop.disconnect();
  }
}

function oneLine(e: Error & { code?: string }): string {
  const msg = e.message.split("\n")[0]!.trim() || e.code || e.name;
  return e.code && !msg.includes(e.code) ? `${e.code}: ${msg}` : msg;
}
