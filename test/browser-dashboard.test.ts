// The dashboard in Debian's Chromium: open every page, follow story list → comparison → claim →
// its sentence highlighted in the document, audit accessibility, save screenshots, and require
// no console error and no CSP violation. Runs against the fake app, and against the real app
// (openApp on a temp SQLite db holding the samples/ corpus) when it loads.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadoutApp } from '../src/app/app-types.js';
import type { RunningServer } from '../src/server/index.js';
import { createFakeApp } from './helpers/fake-app.js';
import { CHROMIUM, REPO_ROOT, auditAccessibility, ensureDashboardBuilt, launchChromium, serveApp, watchedPage } from './helpers/browser-harness.js';
import type { WatchedPage } from './helpers/browser-harness.js';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.error(`browser-dashboard: ${CHROMIUM} is missing; install it with apt-get install -y chromium`);

/** The real application on a fresh SQLite file with the sample corpus, or why it is unavailable. */
async function openRealApp(): Promise<{ app: ReadoutApp; cleanup: () => void } | { reason: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'readout-browser-'));
  try {
    const { openApp } = await import('../src/app/index.js');
    const app = await openApp({ db: join(dir, 'readout.db') });
    const summary = await app.ingest([join(REPO_ROOT, 'samples')]);
    if (summary.stored === 0) throw new Error(`ingesting samples/ stored nothing: ${JSON.stringify(summary)}`);
    return { app, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: e instanceof Error ? e.message : String(e) };
  }
}

const real = hasChromium ? await openRealApp() : { reason: 'no chromium' };
if ('reason' in real) console.error(`browser-dashboard: the real app is unavailable, its suite is skipped: ${real.reason}`);

function dashboardSuite(label: string, makeApp: () => ReadoutApp, searchWord: string) {
  describe(`dashboard (${label})`, () => {
    let browser: Browser;
    let server: RunningServer;
    let app: ReadoutApp;
    let w: WatchedPage;

    beforeAll(async () => {
      ensureDashboardBuilt();
      app = makeApp();
      server = await serveApp(app);
      browser = await launchChromium();
      w = await watchedPage(browser, server.url);
    });

    afterAll(async () => {
      await w?.context.close();
      await browser?.close();
      await server?.close();
    });

    async function expectClean(page: string) {
      const audit = await auditAccessibility(w.page);
      expect(audit.problems, `accessibility problems on ${page}`).toEqual([]);
      expect(audit.checkedPairs).toBeGreaterThan(5);
      expect(await w.cspViolations(), `CSP violations on ${page}`).toEqual([]);
      expect(w.problems, `console errors on ${page}`).toEqual([]);
    }

    it('lists stories with source chips, divergence and top issues', async () => {
      await w.page.goto(`${server.url}/`);
      await w.page.locator('.story-card').first().waitFor();
      expect(await w.page.locator('h1').textContent()).toBe('Stories');
      const first = w.page.locator('.story-card').first();
      expect(await first.locator('.chip').count()).toBeGreaterThan(0);
      expect(await first.locator('svg.divergence').getAttribute('aria-label')).toMatch(/^Divergence \d+ out of 100$/);
      await w.screenshot(`${label}-stories`);
      await expectClean('the story list');
    });

    it('is usable from the keyboard: the first Tab reaches the skip link, which moves focus to main', async () => {
      await w.page.goto(`${server.url}/`);
      await w.page.locator('.story-card').first().waitFor();
      await w.page.keyboard.press('Tab');
      expect(await w.page.evaluate('document.activeElement && (document.activeElement.tagName + "#" + document.activeElement.id + "." + document.activeElement.className)')).toBe('A#.skip-link');
      // Focused, the skip link is visible and readable.
      const visible = await w.page.evaluate('document.activeElement.getBoundingClientRect().top >= 0');
      expect(visible).toBe(true);
      await w.page.keyboard.press('Enter');
      expect(await w.page.evaluate('document.activeElement && document.activeElement.id')).toBe('main');
      // Tab onwards reaches the first story link.
      await w.page.keyboard.press('Tab');
      const focused = await w.page.evaluate('document.activeElement && document.activeElement.getAttribute("href")');
      expect(String(focused)).toMatch(/^#\/stories\//);
      await w.page.keyboard.press('Enter');
      await w.page.locator('#emphasis-h').waitFor();
    });

    it('goes from the list to a comparison, to a claim, to its highlighted sentence', async () => {
      await w.page.goto(`${server.url}/`);
      await w.page.locator('.story-card').first().waitFor();
      // The story with the most sources: the richest comparison.
      const chipCounts = await w.page.evaluate(`Array.from(document.querySelectorAll('.story-card')).map((c) => c.querySelectorAll('.chip').length)`) as number[];
      const richest = chipCounts.indexOf(Math.max(...chipCounts));
      const storyLink = w.page.locator('.story-card h2 a').nth(richest);
      const storyTitle = (await storyLink.textContent()) ?? '';
      await storyLink.click();
      await w.page.locator('#emphasis-h').waitFor();
      expect(await w.page.locator('h1').textContent()).toBe(storyTitle);
      expect(await w.page.locator('table.heatmap').count()).toBeGreaterThan(0);
      await w.screenshot(`${label}-story`);
      await expectClean('the story page');

      const claim = w.page.locator('a.claim-link').first();
      expect(await claim.count(), 'the comparison shows at least one claim').toBe(1);
      const claimText = ((await claim.textContent()) ?? '').trim();
      await claim.click();
      const mark = w.page.locator('mark#highlight');
      await mark.waitFor();
      expect(((await mark.textContent()) ?? '').trim()).toBe(claimText);
      expect(await w.page.evaluate('document.activeElement && document.activeElement.id')).toBe('highlight');
      expect(await mark.isVisible()).toBe(true);
      const inView = await w.page.evaluate(`(() => {
        const r = document.getElementById('highlight').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      })()`);
      expect(inView).toBe(true);
      const frame = w.page.locator('iframe.doc-frame');
      if (await frame.count() > 0) {
        expect(await frame.getAttribute('sandbox')).toBe('');
        await w.page.waitForLoadState('load');
      }
      await w.screenshot(`${label}-document`);
      await expectClean('the document page');
    });

    it('draws the issue timeline', async () => {
      await w.page.goto(`${server.url}/#/issues`);
      await w.page.locator('figure.chart svg, #chart-h ~ p').first().waitFor();
      expect(await w.page.locator('label', { hasText: 'Issue' }).count()).toBe(1);
      await w.screenshot(`${label}-issues`);
      await expectClean('the issue timeline');
    });

    it('shows actors and an actor network', async () => {
      await w.page.goto(`${server.url}/#/actors`);
      const first = w.page.locator('main table a').first();
      await first.waitFor();
      await w.screenshot(`${label}-actors`);
      await expectClean('the actor list');
      await first.click();
      await w.page.locator('#relations-h').waitFor();
      await w.screenshot(`${label}-actor`);
      await expectClean('an actor page');
    });

    it('shows the commitments ledger', async () => {
      await w.page.goto(`${server.url}/#/commitments`);
      await w.page.locator('main table, main p:not([role=status])').first().waitFor();
      await w.screenshot(`${label}-commitments`);
      await expectClean('the commitments ledger');
    });

    it('searches', async () => {
      await w.page.goto(`${server.url}/#/search`);
      await w.page.getByLabel('Words to find').fill(searchWord);
      await w.page.getByRole('button', { name: 'Search' }).click();
      await w.page.locator('#results-h', { hasText: searchWord }).waitFor();
      await w.page.locator('.results li, #results-h ~ p:not([role=status])').first().waitFor();
      expect(await w.page.locator('.results li').count()).toBeGreaterThan(0);
      await w.screenshot(`${label}-search`);
      await expectClean('the search page');
    });

    it('renders third-party strings as text', async () => {
      const evil = '<img src=x onerror="window.__pwned=1">Hostile title';
      const session = await w.page.request.get(`${server.url}/api/session`);
      const { csrfToken } = await session.json() as { csrfToken: string };
      const res = await w.page.request.post(`${server.url}/api/ingest`, {
        headers: { 'x-csrf-token': csrfToken, origin: server.url },
        data: { text: `Hostile markup test document about grain.\n\n${evil}`, fileName: evil },
      });
      expect([200, 201]).toContain(res.status());
      const { id } = await res.json() as { id: string };
      await w.page.goto(`${server.url}/#/documents/${encodeURIComponent(id)}`);
      await w.page.locator('.doc-text').waitFor();
      expect(await w.page.locator('.doc-text').textContent()).toContain(evil);
      expect(await w.page.locator('main img').count()).toBe(0);
      expect(await w.page.evaluate('window.__pwned')).toBeUndefined();
      expect(w.problems).toEqual([]);
    });
  });
}

describe.skipIf(!hasChromium)('browser', () => {
  dashboardSuite('fake', () => createFakeApp(), 'grain');
  describe.skipIf('reason' in real)('with the real app', () => {
    if (!('reason' in real)) {
      afterAll(async () => {
        await real.app.close();
        real.cleanup();
      });
      dashboardSuite('real', () => real.app, 'soybean');
    }
  });
});
