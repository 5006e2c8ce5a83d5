// Shared by the browser suites: build the dashboard when its sources are newer than web/dist,
// launch Debian's Chromium, serve a ReadoutApp on loopback, collect console errors and CSP
// violations, and check pages with a small accessibility audit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { ReadoutApp } from '../../src/app/app-types.js';
import { startServer } from '../../src/server/index.js';
import type { RunningServer } from '../../src/server/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WEB_ROOT = join(REPO_ROOT, 'web', 'dist');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';

/** In-page sources (the test program has no DOM types, so they are plain JavaScript). */
const AUDIT_SOURCE = readFileSync(fileURLToPath(new URL('./page-audit.browser.js', import.meta.url)), 'utf8');
const CSP_WATCH_SOURCE = `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds web/dist unless it is newer than every file of web/src and web/index.html. */
export function ensureDashboardBuilt(): void {
  const index = join(WEB_ROOT, 'index.html');
  const sources = Math.max(newestMtime(join(REPO_ROOT, 'web', 'src')), statSync(join(REPO_ROOT, 'web', 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: REPO_ROOT, stdio: 'inherit',
  });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export async function serveApp(app: ReadoutApp, token: string | null = null): Promise<RunningServer> {
  return startServer(app, { host: '127.0.0.1', port: 0, token, webRoot: WEB_ROOT });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors, CSP violations and requests to hosts other than the server. */
  problems: string[];
  cspViolations(): Promise<string[]>;
  screenshot(name: string): Promise<string>;
}

/**
 * A page that records every console error, uncaught error, CSP violation (from the
 * securitypolicyviolation event in every frame that runs scripts), dialog and request to a host
 * other than the server's.
 */
export async function watchedPage(browser: Browser, baseUrl: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const allowedHost = new URL(baseUrl).host;
  const problems: string[] = [];
  await context.addInitScript({ content: CSP_WATCH_SOURCE });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()} @ ${msg.location().url}`); });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.type()} ${d.message()}`); void d.dismiss(); });
  // Routing sees only requests that left the renderer (a CSP-blocked one never gets here): any
  // for another host is a problem, and is aborted so tests never touch the internet.
  await context.route((url) => url.host !== allowedHost, async (route) => {
    problems.push(`request to unexpected host: ${route.request().url()}`);
    await route.abort('blockedbyclient');
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    context, page, problems,
    async cspViolations() {
      const all: string[] = [];
      for (const frame of page.frames()) {
        try {
          all.push(...(await frame.evaluate('window.__cspViolations || []') as string[]));
        } catch {
          // A sandboxed frame without scripts cannot be evaluated; its CSP reports reach the console.
        }
      }
      return all;
    },
    async screenshot(name) {
      const file = resolve(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}

export interface AuditResult {
  problems: string[];
  checkedPairs: number;
}

/**
 * A small accessibility audit in the spirit of axe: names for images and SVGs, labels for form
 * controls, landmarks, heading order and WCAG contrast of every visible text against its
 * effective background (4.5:1, or 3:1 for large text).
 */
export async function auditAccessibility(page: Page): Promise<AuditResult> {
  return page.evaluate(AUDIT_SOURCE) as Promise<AuditResult>;
}
