// The embedded PostgreSQL cluster: initdb, start, stop, status from the machine's own binaries.
// Data and socket live in the project's state folder; as root the server runs as the `postgres`
// OS user (initdb refuses root). pg_cron is preloaded and lives in one database of the cluster.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { stateHome, checkoutId } from "./paths.ts";

export interface ClusterSpec {
  /** Short name: "dev" for the developer's cluster, "test" for the one `npm test` uses. */
  name: string;
  port: number;
  /** The database pg_cron lives in (cron.database_name). */
  cronDatabase: string;
  pgBin: string;
  home?: string;
  /** The bootstrap superuser initdb creates: `postgres` (default), or `supabase_admin` for a Supabase-shaped cluster. */
  superuser?: string;
}

export class ClusterError extends Error {}

const isRoot = () => process.getuid?.() === 0;

function runAsServerUser(cmd: string, args: string[], opts: { capture?: boolean } = {}) {
  const [file, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: "utf8", stdio: opts.capture ? "pipe" : ["ignore", "pipe", "pipe"] });
  if (r.error) throw new ClusterError(`${cmd}: ${r.error.message}`);
  return r;
}

function serverUserCanUse(dir: string): boolean {
  if (!isRoot()) return true;
  return spawnSync("runuser", ["-u", "postgres", "--", "test", "-w", dir], { stdio: "ignore" }).status === 0;
}

export class LocalCluster {
  readonly dir: string;
  readonly dataDir: string;
  readonly socketDir: string;
  readonly logFile: string;
  readonly passwordFile: string;

  constructor(readonly spec: ClusterSpec) {
    let base = path.join(stateHome(spec.home), "pg", spec.name);
    fs.mkdirSync(base, { recursive: true });
    if (isRoot()) {
      try { execFileSync("chown", ["postgres:postgres", base]); } catch { /* checked below */ }
      // The server user must reach the folder; a project under /root is not reachable, so fall back.
      if (!serverUserCanUse(base)) {
        base = path.join("/var/lib/ssot", checkoutId(), spec.name);
        fs.mkdirSync(base, { recursive: true });
        execFileSync("chown", ["postgres:postgres", base]);
      }
    }
    this.dir = base;
    this.dataDir = path.join(base, "data");
    this.socketDir = path.join(base, "run");
    this.logFile = path.join(base, "server.log");
    this.passwordFile = path.join(stateHome(spec.home), "pg", `${spec.name}.password`);
  }

  private bin(name: string) {
    return path.join(this.spec.pgBin, name);
  }

  /** The superuser password, generated on first use and kept (0600) in the state folder. */
  get password(): string {
    if (!fs.existsSync(this.passwordFile)) {
      fs.writeFileSync(this.passwordFile, randomBytes(18).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
    }
    return fs.readFileSync(this.passwordFile, "utf8").trim();
  }

  isInitialised(): boolean {
    return fs.existsSync(path.join(this.dataDir, "PG_VERSION"));
  }

  get superuser(): string {
    return this.spec.superuser ?? "postgres";
  }

  /** Connection string for `database` as the cluster's superuser. */
  url(database: string): string {
    return `postgres://${this.superuser}:${encodeURIComponent(this.password)}@127.0.0.1:${this.spec.port}/${database}`;
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
    if (r.status !== 0) throw new ClusterError(`initdb failed:\n${r.stderr}`);
    fs.mkdirSync(this.socketDir, { recursive: true });
    if (isRoot()) execFileSync("chown", ["postgres:postgres", this.socketDir]);
    const conf = [
      "# written by ssot: the embedded cluster's own settings",
      `port = ${this.spec.port}`,
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

  /** The port written in the cluster's ssot.conf (what a running server listens on). */
  configuredPort(): number | undefined {
    const conf = path.join(this.dataDir, "ssot.conf");
    if (!fs.existsSync(conf)) return undefined;
    const m = /^port = (\d+)$/m.exec(fs.readFileSync(conf, "utf8"));
    return m ? Number(m[1]) : undefined;
  }

  start(): void {
    this.init();
    const port = this.configuredPort();
    if (this.isRunning()) {
      if (port !== undefined && port !== this.spec.port) {
        throw new ClusterError(
          `the ${this.spec.name} cluster in ${this.dataDir} runs on port ${port}, not ${this.spec.port}: stop it first (pg_ctl stop, or ssot db stop) to move it`,
        );
      }
      return;
    }
    if (port !== undefined && port !== this.spec.port) {
      const conf = path.join(this.dataDir, "ssot.conf");
      fs.writeFileSync(conf, fs.readFileSync(conf, "utf8").replace(/^port = \d+$/m, `port = ${this.spec.port}`));
    }
    // clusters initialised before pg_cron ran in background workers get the setting on next start
    const conf = path.join(this.dataDir, "ssot.conf");
    if (fs.existsSync(conf) && !fs.readFileSync(conf, "utf8").includes("cron.use_background_workers")) {
      fs.appendFileSync(conf, "cron.use_background_workers = on\n");
    }
    const r = runAsServerUser(this.bin("pg_ctl"), ["-D", this.dataDir, "-l", this.logFile, "-w", "-t", "60", "start"]);
    if (r.status !== 0) {
      const tail = fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8").split("\n").slice(-8).join("\n") : "";
      throw new ClusterError(`could not start the ${this.spec.name} cluster on port ${this.spec.port}:\n${r.stderr}${tail}`);
    }
  }

  stop(mode: "fast" | "immediate" = "fast"): void {
    if (!this.isRunning()) return;
    const r = runAsServerUser(this.bin("pg_ctl"), ["-D", this.dataDir, "-m", mode, "-w", "stop"]);
    if (r.status !== 0) throw new ClusterError(`pg_ctl stop failed: ${r.stderr}`);
  }

  /** Stops the server and deletes its data; the next start initialises a new cluster. */
  destroy(): void {
    this.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  serverVersion(): string {
    return execFileSync(this.bin("postgres"), ["--version"], { encoding: "utf8" }).trim();
  }
}
