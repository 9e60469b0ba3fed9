// A real browser for tests: Debian's chromium (scripts/provision.sh installs it when missing) driven by
// playwright-core. Every request the page makes is recorded, and anything but the page's own file is
// aborted, so a test can prove a page makes no network request.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

/** CHROMIUM_PATH, or `chromium` found on PATH (/usr/bin/chromium on Debian). */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser || true"], { encoding: "utf8" }).trim();
  if (!found || !fs.existsSync(found)) throw new Error("chromium is not installed: run scripts/provision.sh (it installs Debian's chromium package)");
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  // as root, Chromium refuses to start without --no-sandbox
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  return chromium.launch({ executablePath: chromiumPath(), args: root ? ["--no-sandbox"] : [] });
}

export interface LoadedPage {
  page: Page;
  /** every request the page made, its own URL included */
  requests: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

/** Opens a local file; every request other than that file is recorded and aborted. */
export async function openFile(browser: Browser, file: string, viewport = { width: 1400, height: 900 }): Promise<LoadedPage> {
  const page = await browser.newPage({ viewport });
  const self = new URL(`file://${fs.realpathSync(file)}`).href;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.route("**/*", (route) => (route.request().url() === self ? route.continue() : route.abort()));
  await page.goto(self, { waitUntil: "load" });
  return { page, requests, consoleErrors, pageErrors };
}
