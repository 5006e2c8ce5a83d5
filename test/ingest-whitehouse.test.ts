// Extraction at scale on the real White House corpus in ../shared/data/whitehouse (CC0):
// every file must yield a title, a publication date, a URL and a distinct id; rss.xml must parse.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExtractor } from '../src/stages/extract/index.js';
import { parseFeed } from '../src/stages/ingest/feed-parser.js';

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/whitehouse');
const present = existsSync(DIR);
if (!present) console.error(`ingest-whitehouse: ${DIR} is absent; skipping the White House corpus tests (place ../shared/data beside the repo to run them).`);

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...markdownFiles(p));
    else if (name.endsWith('.md')) out.push(p);
  }
  return out.sort();
}

describe.skipIf(!present)('White House corpus (../shared/data/whitehouse)', () => {
  it('extracts all 2,207 statements with title, date, url and distinct ids', () => {
    const files = markdownFiles(DIR);
    expect(files).toHaveLength(2207);
    const extract = createExtractor();
    const ids = new Set<string>();
    const problems: string[] = [];
    for (const file of files) {
      const { document: d } = extract({ bytes: readFileSync(file), url: null, contentType: null, fileName: file, fetchedAt: '2026-01-01T00:00:00.000Z' });
      if (!d.title.trim()) problems.push(`${file}: no title`);
      if (!d.publishedAt || !/^\d{4}-\d{2}-\d{2}/.test(d.publishedAt)) problems.push(`${file}: no date`);
      if (!d.url?.startsWith('https://')) problems.push(`${file}: no url`);
      if (!d.text.includes(' ')) problems.push(`${file}: no text`);
      ids.add(d.id);
    }
    expect(problems).toEqual([]);
    expect(ids.size).toBe(2207);
  });

  it('parses the briefing-room rss.xml into items with titles and links', () => {
    const feed = parseFeed(readFileSync(join(DIR, 'rss.xml')), { contentType: 'application/rss+xml' });
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('The White House Briefing Room');
    expect(feed.items.length).toBeGreaterThan(0);
    for (const item of feed.items) {
      expect(item.title?.trim()).toBeTruthy();
      expect(item.url).toMatch(/^https:\/\/www\.whitehouse\.gov\//);
      expect(item.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
  });
});
