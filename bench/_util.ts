// Shared helpers for benchmarks: option parsing, medians of interleaved rounds, formatting.
export function intOption(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} ${args[i + 1] ?? ""}: expected a positive integer`);
  return v;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export const fmt = (x: number) => x.toFixed(2);

/** `--name value` where value is one of `allowed`; `dflt` when the option is absent. */
export function stringOption(args: string[], name: string, dflt: string, allowed: string[]): string {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = args[i + 1] ?? "";
  if (!allowed.includes(v)) throw new Error(`--${name} ${v}: expected one of ${allowed.join(", ")}`);
  return v;
}

/** A size in bytes as megabytes, e.g. "1,650 MB". */
export const mb = (bytes: number | string) => `${Math.round(Number(bytes) / 1048576).toLocaleString("en")} MB`;
