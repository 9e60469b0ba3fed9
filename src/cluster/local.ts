// The embedded PostgreSQL cluster: initdb, start, stop, status from the machine's own binaries.
// Everything of a cluster lives in one folder: data, socket, log, its superuser password and a note
// of the checkout that started it. The folder is `<state>/pg/<name>`; as root the server runs as the
// `postgres` OS user (initdb refuses root), and when that user cannot reach the project (under
// /root) the folder is /var/lib/ssot/<checkout id>/<name>, where a checkout cloned again at the same
// path finds it, password included. pg_cron is preloaded and lives in one database of the cluster.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { checkoutId, projectRoot, stateHome } from "./paths.ts";
import { anyFreePort, portIsFree } from "./ports.ts";

export interface ClusterSpec {
  /** Short name: "dev" for the developer's cluster, "test" for the one `npm test` uses. */
  name: string;
  /**
   * The port to listen on when it is free (SSOT_PORT, SSOT_TEST_PORT). When something else holds
   * it (another checkout's cluster, any listener) the cluster starts on a free port and keeps that
   * one in its config: `port` is where it really listens.
   */
  preferredPort: number;
  /** The database pg_cron lives in (cron.database_name). */
  cronDatabase: string;
  pgBin: string;
  home?: string;
  /** The bootstrap superuser initdb creates: `postgres` (default), or `supabase_admin` for a Supabase-shaped cluster. */
  superuser?: string;
  /** Test and scratch clusters: data that its password cannot open is deleted and made again. */
  disposable?: boolean;
  /** Where one-line notices go (a port taken, a cluster made again); stderr by default. */
  say?: (line: string) => void;
}

export class ClusterError extends Error {}

const isRoot = () => process.getuid?.() === 0;

function runAsServerUser(cmd: string, args: string[]) {
  const [file, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.error) throw new ClusterError(`${cmd}: ${r.error.message}`);
  return r;
}

function serverUserCanUse(dir: string): boolean {
  if (!isRoot()) return true;
  return spawnSync("runuser", ["-u", "postgres", "--", "test", "-w", dir], { stdio: "ignore" }).status === 0;
}

/** The folders a checkout's clusters live in: its state folder, and as root the relocated one. */
function clusterRoots(home?: string): string[] {
  const roots = [path.join(stateHome(home), "pg")];
  if (isRoot()) roots.push(path.join("/var/lib/ssot", checkoutId(home)));
  return roots;
}

/** The names of this checkout's clusters (dev, test, scratch-…, any other), found by their folders. */
export function clusterNames(home?: string): string[] {
  const names = new Set<string>();
  for (const root of clusterRoots(home)) {
    if (!fs.existsSync(root)) continue;
    for (const e of fs.readdirSync(root, { withFileTypes: true })) {
      if (e.isDirectory() && fs.existsSync(path.join(root, e.name, "data", "PG_VERSION"))) names.add(e.name);
    }
  }
  return [...names].sort();
}

/** The last error line of a server log, without its timestamp. */
function lastErrorLine(log: string): string | undefined {
  const line = log.split("\n").reverse().find((l) => /\b(FATAL|PANIC|ERROR):/.test(l));
  return line?.slice(line.search(/\b(FATAL|PANIC|ERROR):/)).replace(/\s+/g, " ").trim();
}

export class LocalCluster {
  readonly dir: string;
  readonly dataDir: string;
  readonly socketDir: string;
  readonly logFile: string;
  readonly passwordFile: string;
  /** Which checkout started the server, and the port it asked for then. */
  readonly startedByFile: string;

  constructor(readonly spec: ClusterSpec) {
    const [own, relocated] = clusterRoots(spec.home);
    let base = path.join(own!, spec.name);
    fs.mkdirSync(base, { recursive: true });
    if (isRoot()) {
      try { execFileSync("chown", ["postgres:postgres", base]); } catch { /* checked below */ }
      // The server user must reach the folder; a project under /root is not reachable, so fall back.
      if (!serverUserCanUse(base)) {
        base = path.join(relocated!, spec.name);
        fs.mkdirSync(base, { recursive: true });
        execFileSync("chown", ["postgres:postgres", base]);
      }
    }
    this.dir = base;
    this.dataDir = path.join(base, "data");
    this.socketDir = path.join(base, "run");
    this.logFile = path.join(base, "server.log");
    this.passwordFile = path.join(base, "password");
    this.startedByFile = path.join(base, "started-by.json");
  }

  private bin(name: string) {
    return path.join(this.spec.pgBin, name);
  }

  private say(line: string) {
    (this.spec.say ?? ((l: string) => process.stderr.write(`ssot: ${l}\n`)))(line);
  }

  /** The superuser password, generated on first use and kept (0600) beside the cluster's data. */
  get password(): string {
    if (!fs.existsSync(this.passwordFile)) {
      // where it was kept before it moved in with the data
      const old = path.join(stateHome(this.spec.home), "pg", `${this.spec.name}.password`);
      const pw = fs.existsSync(old) ? fs.readFileSync(old, "utf8") : randomBytes(18).toString("base64url") + "\n";
      fs.writeFileSync(this.passwordFile, pw, { mode: 0o600, flag: "wx" });
      fs.rmSync(old, { force: true });
    }
    return fs.readFileSync(this.passwordFile, "utf8").trim();
  }

  isInitialised(): boolean {
    return fs.existsSync(path.join(this.dataDir, "PG_VERSION"));
  }

  get superuser(): string {
    return this.spec.superuser ?? "postgres";
  }

  /** The port the server listens on (or will): the one in its ssot.conf, else the preferred one. */
  get port(): number {
    const conf = path.join(this.dataDir, "ssot.conf");
    const m = fs.existsSync(conf) ? /^port = (\d+)$/m.exec(fs.readFileSync(conf, "utf8")) : null;
    return m ? Number(m[1]) : this.spec.preferredPort;
  }

  /** Connection string for `database` as the cluster's superuser. */
  url(database: string): string {
    return `postgres://${this.superuser}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }

  /** The checkout that last started this cluster, and the port it asked for. */
  startedBy(): { checkout: string; preferredPort: number } | undefined {
    return fs.existsSync(this.startedByFile) ? JSON.parse(fs.readFileSync(this.startedByFile, "utf8")) : undefined;
  }

  init(): void {
    if (this.isInitialised()) return;
    if (!fs.existsSync(this.bin("initdb"))) {
      throw new ClusterError(`no PostgreSQL server binaries in ${this.spec.pgBin} (set SSOT_PG_BIN, or run scripts/provision.sh)`);
    }
    const pwfile = path.join(this.dir, "initdb.pw");
    fs.writeFileSync(pwfile, this.password + "\n", { mode: 0o600 });
    if (isRoot()) execFileSync("chown", ["postgres:postgres", pwfile]);
    const r = runAsServerUser(this.bin("initdb"), [
      "-D", this.dataDir, "-U", this.superuser, "--pwfile", pwfile,
      "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
    ]);
    fs.rmSync(pwfile, { force: true });
    if (r.status !== 0) throw new ClusterError(`initdb failed: ${r.stderr.trim().split("\n").pop()}`);
    fs.mkdirSync(this.socketDir, { recursive: true });
    if (isRoot()) execFileSync("chown", ["postgres:postgres", this.socketDir]);
    const conf = [
      "# written by ssot: the embedded cluster's own settings",
      `port = ${this.spec.preferredPort}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${this.socketDir}'`,
      "shared_preload_libraries = 'pg_cron'",
      `cron.database_name = '${this.spec.cronDatabase}'`,
      // jobs run in background workers: no libpq connection back to the server, so no password
      "cron.use_background_workers = on",
      "max_connections = 200",
      "max_worker_processes = 16",
      "timezone = 'UTC'",
      "log_timezone = 'UTC'",
      "",
    ].join("\n");
    fs.appendFileSync(path.join(this.dataDir, "postgresql.conf"), "\ninclude_if_exists = 'ssot.conf'\n");
    fs.writeFileSync(path.join(this.dataDir, "ssot.conf"), conf);
    if (isRoot()) execFileSync("chown", ["postgres:postgres", path.join(this.dataDir, "ssot.conf")]);
  }

  isRunning(): boolean {
    if (!this.isInitialised()) return false;
    return runAsServerUser(this.bin("pg_ctl"), ["-D", this.dataDir, "status"]).status === 0;
  }

  /** Starts the server (initialising it on first use) and checks that its password opens it. */
  start(): void {
    this.init();
    if (this.isRunning()) this.refuseToMove();
    else this.launch();
    if (this.passwordWorks()) return;
    const what = `the ${this.spec.name} cluster in ${this.dir} does not accept the password in ${this.passwordFile}`;
    if (!this.spec.disposable) {
      throw new ClusterError(`${what}: put back the password its data was made with, or delete its data to start over (ssot db reset for the dev cluster)`);
    }
    this.say(`${what} (made by an earlier checkout at this path?): made it again`);
    this.destroy("immediate");
    this.init();
    this.launch();
  }

  /** A running server stays where it is; a changed preferred port (SSOT_PORT) moves it only when stopped. */
  private refuseToMove() {
    const asked = this.startedBy()?.preferredPort ?? this.port;
    if (this.port !== this.spec.preferredPort && asked !== this.spec.preferredPort) {
      throw new ClusterError(
        `the ${this.spec.name} cluster in ${this.dataDir} runs on port ${this.port}, not ${this.spec.preferredPort}: stop it first (pg_ctl stop, or ssot db stop) to move it`,
      );
    }
  }

  /** The preferred port when free; else the one it used last time, else any free port, said in one line. */
  private choosePort(): number {
    const preferred = this.spec.preferredPort;
    if (portIsFree(preferred)) return preferred;
    const last = this.port;
    const port = last !== preferred && portIsFree(last) ? last : anyFreePort();
    this.say(`port ${preferred} is in use (another checkout's cluster?); the ${this.spec.name} cluster uses ${port}`);
    return port;
  }

  private launch(): void {
    const conf = path.join(this.dataDir, "ssot.conf");
    // clusters initialised before pg_cron ran in background workers get the setting on next start
    if (!fs.readFileSync(conf, "utf8").includes("cron.use_background_workers")) {
      fs.appendFileSync(conf, "cron.use_background_workers = on\n");
    }
    for (let attempt = 1; ; attempt++) {
      const port = this.choosePort();
      fs.writeFileSync(conf, fs.readFileSync(conf, "utf8").replace(/^port = \d+$/m, `port = ${port}`));
      const logFrom = fs.existsSync(this.logFile) ? fs.statSync(this.logFile).size : 0;
      const r = runAsServerUser(this.bin("pg_ctl"), ["-D", this.dataDir, "-l", this.logFile, "-w", "-t", "60", "start"]);
      if (r.status === 0) {
        fs.writeFileSync(this.startedByFile, JSON.stringify({ checkout: projectRoot, preferredPort: this.spec.preferredPort }) + "\n");
        return;
      }
      const log = fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile).subarray(logFrom).toString("utf8") : "";
      // taken between the check and the server's bind: try another port
      if (attempt < 3 && log.includes("could not create any TCP/IP sockets")) continue;
      const reason = lastErrorLine(log) ?? r.stderr.trim().split("\n").pop();
      throw new ClusterError(`could not start the ${this.spec.name} cluster on port ${port}: ${reason} (log: ${this.logFile})`);
    }
  }

  /** False only when the server refuses the password (its data was made with another one). */
  private passwordWorks(): boolean {
    const r = spawnSync(this.bin("psql"), ["-h", "127.0.0.1", "-p", String(this.port), "-U", this.superuser, "-d", "postgres", "-XAtc", "select 1"], {
      encoding: "utf8",
      env: { ...process.env, PGPASSWORD: this.password, PGCONNECT_TIMEOUT: "10" },
    });
    return !/password authentication failed/.test(r.stderr ?? "");
  }

  stop(mode: "fast" | "immediate" = "fast"): void {
    if (!this.isRunning()) return;
    const r = runAsServerUser(this.bin("pg_ctl"), ["-D", this.dataDir, "-m", mode, "-w", "stop"]);
    if (r.status !== 0) throw new ClusterError(`pg_ctl stop failed for the ${this.spec.name} cluster: ${r.stderr.trim().split("\n").pop()}`);
  }

  /** Stops the server and deletes its data and password; the next start initialises a new cluster. */
  destroy(mode: "fast" | "immediate" = "fast"): void {
    this.stop(mode);
    fs.rmSync(this.dataDir, { recursive: true, force: true });
    fs.rmSync(this.passwordFile, { force: true });
    fs.rmSync(this.startedByFile, { force: true });
  }

  serverVersion(): string {
    return execFileSync(this.bin("postgres"), ["--version"], { encoding: "utf8" }).trim();
  }
}
