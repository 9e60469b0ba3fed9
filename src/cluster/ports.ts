// Whether a TCP port on 127.0.0.1 is free, asked synchronously (starting a cluster is synchronous):
// a short node child listens there the way the server will, and closes at once.
import { spawnSync } from "node:child_process";

const probe = `const s = require("node:net").createServer();
s.once("error", () => process.exit(1));
s.listen(Number(process.argv[1]), "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });`;

/** The port a listener got on 127.0.0.1 (0: any the kernel picks), or undefined when it is taken. */
function listenOnce(port: number): number | undefined {
  const r = spawnSync(process.execPath, ["-e", probe, String(port)], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
  return r.status === 0 && /^\d+$/.test(r.stdout) ? Number(r.stdout) : undefined;
}

export function portIsFree(port: number): boolean {
  return listenOnce(port) !== undefined;
}

/** A port nobody listens on right now, picked by the kernel. */
export function anyFreePort(): number {
  const port = listenOnce(0);
  if (port === undefined) throw new Error("could not find a free TCP port on 127.0.0.1");
  return port;
}
