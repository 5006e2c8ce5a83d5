// Analysis on worker threads must be invisible in the result: the same documents, analyses,
// syndication links and stories as on the main thread, and a bad document fails alone.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp, DEFAULT_SAMPLES_DIR } from '../src/app/index.js';
import type { ReadoutApp } from '../src/app/index.js';

const dir = mkdtempSync(join(tmpdir(), 'readout-threads-'));
const apps: ReadoutApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
  rmSync(dir, { recursive: true, force: true });
});

async function ingestWith(threads: number, corpus: string) {
  const app = await openApp({ db: join(dir, `t${threads}.db`), clock: { now: () => new Date('2026-01-05T00:00:00Z') } });
  apps.push(app);
  const lines: string[] = [];
  const summary = await app.ingest([corpus], { threads, onLog: (l) => lines.push(l) });
  const docs = [];
  for (let page = await app.listDocuments({ limit: 500 }); ; ) {
    for (const d of page.items) docs.push(await app.getDocument(d.id));
    if (!page.nextCursor) break;
    page = await app.listDocuments({ limit: 500, cursor: page.nextCursor });
  }
  docs.sort((a, b) => (a!.document.id < b!.document.id ? -1 : 1));
  const stories = (await app.listStories({})).map((s) => [...s.documentIds].sort().join(',')).sort();
  return { summary, lines, docs, stories };
}

describe('ingest on analysis threads', () => {
  it('stores the same documents, analyses, reports and stories as the main thread', async () => {
    const corpus = join(dir, 'corpus');
    cpSync(DEFAULT_SAMPLES_DIR, corpus, { recursive: true });
    writeFileSync(join(corpus, 'broken.md'), new Uint8Array([0, 1, 2, 3, 0, 255, 254, 0, 0, 7]));
    const main = await ingestWith(0, corpus);
    const threaded = await ingestWith(2, corpus);
    expect(main.summary.stored).toBeGreaterThan(40);
    expect(threaded.lines.filter((l) => !l.includes('broken.md'))).toEqual([]);
    expect(threaded.summary).toEqual(main.summary);
    expect(main.summary.failed).toBe(1);
    expect(threaded.lines.some((l) => l.includes('broken.md') && l.includes('E_BINARY_INPUT'))).toBe(true);
    expect(threaded.docs.map((d) => d!.document.id)).toEqual(main.docs.map((d) => d!.document.id));
    for (let i = 0; i < main.docs.length; i++) {
      expect(threaded.docs[i]!.analysis).toEqual(main.docs[i]!.analysis);
      expect(threaded.docs[i]!.report).toEqual(main.docs[i]!.report);
    }
    expect(threaded.stories).toEqual(main.stories);
  }, 120_000);
});
