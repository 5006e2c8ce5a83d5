// Hostile HTML from feedparser's sanitize suite (../shared/data/feedparser-tests/wellformed/sanitize),
// posted through POST /api/ingest and rendered by the dashboard: document pages and their
// sandboxed HTML frames must run no script, open no dialog and reach no other host. Runs against
// the fake app (which stores posted HTML unsanitised, so only the sandbox and CSP stand in the
// way) and, when it loads, the real app (sanitiser + sandbox + CSP).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadoutApp } from '../src/app/app-types.js';
import type { RunningServer } from '../src/server/index.js';
import { createFakeApp } from './helpers/fake-app.js';
import { CHROMIUM, ensureDashboardBuilt, launchChromium, serveApp, watchedPage } from './helpers/browser-harness.js';
import type { WatchedPage } from './helpers/browser-harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const SANITIZE_DIR = resolve(here, '..', '..', 'shared', 'data', 'feedparser-tests', 'wellformed', 'sanitize');
const hasData = existsSync(SANITIZE_DIR);
const hasChromium = existsSync(CHROMIUM);
if (!hasData) console.error(`browser-sanitize: skipped: ${SANITIZE_DIR} is absent (it holds feedparser's sanitize tests)`);
if (!hasChromium) console.error(`browser-sanitize: skipped: ${CHROMIUM} is missing; install it with apt-get install -y chromium`);

const CONTENT_ELEMENTS = ['content:encoded', 'description', 'content', 'summary', 'body', 'xhtml:body', 'title', 'tagline', 'subtitle', 'info', 'copyright', 'rights'];

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The HTML payload of a sanitize test feed: its first entry's content, unescaped as a feed reader would. */
export function payloadOf(xml: string): string | null {
  const body = xml.replace(/^<!--[\s\S]*?-->/, '');
  for (const name of CONTENT_ELEMENTS) {
    const m = new RegExp(`<${name}(\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'i').exec(body);
    if (!m) continue;
    const attrs = m[1] ?? '';
    let inner = (m[2] ?? '').trim();
    if (inner === '') continue;
    const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(inner);
    if (cdata) inner = cdata[1] ?? '';
    else if (/mode=["']base64["']/.test(attrs)) inner = Buffer.from(inner.replace(/\s+/g, ''), 'base64').toString('utf8');
    else if (/&lt;|&#/.test(inner)) inner = decodeEntities(inner);
    return inner;
  }
  return null;
}

/** Our own payloads, aimed at the dashboard itself: each would set __pwned or call home if it ran. */
const OWN_PAYLOADS = [
  '<p>own one</p><script>window.__pwned = "script"; try { parent.__pwned = "parent"; top.__pwned = "top"; } catch (e) {}</script>',
  '<p>own two</p><img src="x" onerror="parent.__pwned = \'img\'; alert(1)">',
  '<p>own three</p><svg onload="top.__pwned = \'svg\'"><circle r="1"/></svg>',
  '<p>own four</p><a href="javascript:top.__pwned=\'link\'">click</a><form action="http://evil.example/"><button>go</button></form>',
  '<p>own five</p><iframe srcdoc="<script>top.__pwned=\'srcdoc\'</script>"></iframe><object data="http://evil.example/x.swf"></object>',
  '<p>own six</p><meta http-equiv="refresh" content="0;url=http://evil.example/"><link rel="stylesheet" href="http://evil.example/x.css"><img src="http://evil.example/pixel.gif">',
  '<p>own seven</p><style>@import url(http://evil.example/y.css); body { background: url(http://evil.example/z.png) }</style><base href="http://evil.example/">',
];

/**
 * A console error that is a document frame refusing something (its CSP or sandbox at work): it
 * comes from the frame's URL or a frame nested in it, or names the frame-only policy or sandbox.
 */
function isRefusalInsideFrame(problem: string): boolean {
  if (!problem.startsWith('console: ')) return false;
  const at = problem.slice(problem.lastIndexOf(' @ ') + 3);
  return /\/api\/documents\/[^/]+\/html$/.test(at) || at === 'about:srcdoc'
    || /sandboxed and the 'allow-scripts' permission is not set|directive: "default-src 'none'"/.test(problem);
}

const TRAP = `(() => {
  window.__dialogs = [];
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => { window.__dialogs.push(name + ':' + args.join(',')); };
  }
})();`;

async function openRealApp(): Promise<{ app: ReadoutApp; cleanup: () => void } | { reason: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'readout-sanitize-'));
  try {
    const { openApp } = await import('../src/app/index.js');
    const app = await openApp({ db: join(dir, 'readout.db') });
    return { app, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: e instanceof Error ? e.message : String(e) };
  }
}

const real = hasData && hasChromium ? await openRealApp() : { reason: 'no data or no chromium' };
if (hasData && hasChromium && 'reason' in real) console.error(`browser-sanitize: the real app is unavailable, its suite is skipped: ${real.reason}`);

function sanitizeSuite(label: string, makeApp: () => ReadoutApp, expectSanitised: boolean) {
  describe(`hostile HTML (${label})`, () => {
    let browser: Browser;
    let server: RunningServer;
    let w: WatchedPage;
    const ids = new Set<string>();
    /** Documents from the hostile tests (not acceptable_*: those check that benign markup survives). */
    const hostileIds = new Set<string>();
    const ownIds = new Set<string>();
    let payloadCount = 0;

    beforeAll(async () => {
      ensureDashboardBuilt();
      server = await serveApp(makeApp(), 'sanitize-test-token');
      const post = async (html: string, fileName: string) => {
        const res = await fetch(`${server.url}/api/ingest`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer sanitize-test-token' },
          body: JSON.stringify({ html, fileName }),
        });
        const body = await res.json() as { status: string; id: string | null };
        return body.id;
      };
      // Many files carry the same payload in different feed elements: render each payload once.
      const payloads = new Map<string, string>();
      for (const file of readdirSync(SANITIZE_DIR).filter((f) => f.endsWith('.xml')).sort()) {
        const payload = payloadOf(readFileSync(join(SANITIZE_DIR, file), 'utf8'));
        if (payload !== null && !payloads.has(payload)) payloads.set(payload, file);
      }
      for (const [payload, file] of payloads) {
        // A marker word makes every payload distinct, so each is stored as its own document.
        const id = await post(`<p>feedparser ${file}</p>${payload}`, file);
        if (id === null) continue;
        ids.add(id);
        if (!file.startsWith('acceptable_')) hostileIds.add(id);
      }
      payloadCount = payloads.size;
      for (const [i, html] of OWN_PAYLOADS.entries()) {
        const id = await post(html, `own-${i}.html`);
        if (id !== null) ownIds.add(id);
      }
      browser = await launchChromium();
      w = await watchedPage(browser, server.url);
      await w.context.addInitScript({ content: TRAP });
    }, 300_000);

    afterAll(async () => {
      await w?.context.close();
      await browser?.close();
      await server?.close();
    });

    it('stored the payloads', () => {
      expect(payloadCount).toBeGreaterThan(100);
      // A payload that is nothing but a script leaves no text and may be refused: most are stored.
      expect(ids.size).toBeGreaterThan(payloadCount * 0.9);
      expect(ownIds.size).toBe(OWN_PAYLOADS.length);
    });

    it.runIf(expectSanitised)('serves frames whose HTML holds no script, handler or javascript: URL', async () => {
      const offenders: string[] = [];
      for (const id of [...ids, ...ownIds]) {
        const html = await (await fetch(`${server.url}/api/documents/${encodeURIComponent(id)}/html`)).text();
        const body = html.slice(html.indexOf('<body>'));
        if (/<script\b|<iframe\b|<object\b|<embed\b|\son[a-z]+\s*=|javascript:/i.test(body)) offenders.push(id);
      }
      expect(offenders).toEqual([]);
    }, 120_000);

    it('renders every document page and frame without running a script or reaching another host', async () => {
      const { page } = w;
      await page.goto(`${server.url}/#/stories`);
      // The frames' own refusals: their CSP (default-src 'none', which the dashboard's policy never
      // uses) and the sandbox blocking scripts. These are the defences working, not failures.
      const isFrameRefusal = isRefusalInsideFrame;
      const rendered = [...ownIds, ...hostileIds];
      const started = Date.now();
      for (const id of rendered) {
        const frameLoaded = page.waitForResponse((r) => r.url().endsWith(`/api/documents/${encodeURIComponent(id)}/html`));
        await page.evaluate(`location.hash = ${JSON.stringify(`#/documents/${encodeURIComponent(id)}`)}`);
        await frameLoaded;
        await page.locator('iframe.doc-frame[sandbox=""]').waitFor();
      }
      await page.waitForLoadState('load');
      await page.waitForTimeout(300);
      console.error(`browser-sanitize (${label}): rendered ${rendered.length} document pages in ${Date.now() - started} ms`);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      expect(await page.evaluate('window.__dialogs')).toEqual([]);
      // Console errors from inside the frames are the frame CSP blocking things: expected.
      // Everything else (dashboard errors, dialogs, requests elsewhere) is a failure.
      const problems = w.problems.filter((p) => !isFrameRefusal(p));
      expect(problems).toEqual([]);
      expect(await w.cspViolations(), 'the dashboard itself violated its CSP').toEqual([]);
    }, 600_000);

    it('runs no script when a frame URL is opened directly', async () => {
      const { page } = w;
      for (const id of ownIds) {
        const res = await page.goto(`${server.url}/api/documents/${encodeURIComponent(id)}/html`);
        expect(res?.headers()['content-security-policy']).toContain('sandbox');
        await page.waitForTimeout(50);
      }
      await page.goto(`${server.url}/#/stories`);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      expect(w.problems.filter((p) => !isRefusalInsideFrame(p))).toEqual([]);
    }, 120_000);
  });
}

describe.skipIf(!hasData || !hasChromium)('browser sanitize', () => {
  sanitizeSuite('fake', () => createFakeApp(), false);
  describe.skipIf('reason' in real)('with the real app', () => {
    if (!('reason' in real)) {
      afterAll(async () => {
        await real.app.close();
        real.cleanup();
      });
      sanitizeSuite('real', () => real.app, true);
    }
  });
});
