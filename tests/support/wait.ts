// Polling for tests that wait on another process (a server restart, a watcher, a worker).

/**
 * Calls `fn` until it returns something other than undefined or false, and returns that. An error
 * from `fn` counts as "not yet" (the thing may not exist yet); after `ms` it throws, naming `what`,
 * the last error and `detail()` (e.g. a child process's output).
 */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  opts: { ms?: number; everyMs?: number; detail?: () => string } = {},
): Promise<T> {
  const end = Date.now() + (opts.ms ?? 30_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      const why = last ? ` (last error: ${(last as Error).message})` : "";
      throw new Error(`timed out waiting for ${what}${why}${opts.detail ? `\n${opts.detail()}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 100));
  }
}
