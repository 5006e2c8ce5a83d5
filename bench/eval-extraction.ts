// Main-text extraction quality on the readability test pages (../shared/data/readability-test-pages):
// bag-of-tokens precision/recall/F1 of our extracted text against expected.html's text, and the
// exact-match rate of title, byline and publishedTime against expected-metadata.json.
// Run: node --import tsx bench/eval-extraction.ts
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { createExtractor } from '../src/stages/extract/index.js';
import { dateInstant, normaliseDate } from '../src/stages/extract/date-normaliser.js';
import { isReadoutError } from '../src/domain/errors.js';

const here = dirname(fileURLToPath(import.meta.url));
export const READABILITY_PAGES = resolve(here, '../../shared/data/readability-test-pages');

export interface ExtractionRow {
  page: string;
  precision: number;
  recall: number;
  f1: number;
  title: boolean;
  byline: boolean;
  published: boolean;
  expectedPublished: string | null;
  gotPublished: string | null;
  error: string | null;
}

/** Words on Unicode boundaries, lower-cased; Han and kana count one token per character. */
export function tokenise(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}\p{N}]+/gu) ?? []);
}

export function tokenF1(got: string, expected: string): { precision: number; recall: number; f1: number } {
  const g = tokenise(got);
  const e = tokenise(expected);
  if (g.length === 0 && e.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const counts = new Map<string, number>();
  for (const t of e) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of g) {
    const c = counts.get(t) ?? 0;
    if (c > 0) { overlap++; counts.set(t, c - 1); }
  }
  const precision = g.length ? overlap / g.length : 0;
  const recall = e.length ? overlap / e.length : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
  (a ?? '').replace(/\s+/g, ' ').trim() === (b ?? '').replace(/\s+/g, ' ').trim();

export async function evalExtraction(dir = READABILITY_PAGES): Promise<ExtractionRow[]> {
  const extract = createExtractor({ now: () => new Date('2026-01-01T00:00:00Z') });
  const rows: ExtractionRow[] = [];
  for (const page of readdirSync(dir).sort()) {
    const src = join(dir, page, 'source.html');
    if (!existsSync(src)) continue;
    const expectedHtml = readFileSync(join(dir, page, 'expected.html'), 'utf8');
    const meta = JSON.parse(readFileSync(join(dir, page, 'expected-metadata.json'), 'utf8')) as Record<string, string | null>;
    const expectedText = parseHTML(`<!doctype html><html><body>${expectedHtml}</body></html>`).document.body.textContent ?? '';
    const expectedPublished = normaliseDate(meta['publishedTime']);
    try {
      const { document: d } = extract({
        bytes: readFileSync(src), url: 'http://fakehost/test/page.html', contentType: 'text/html', fileName: 'source.html', fetchedAt: new Date().toISOString(),
      });
      const s = tokenF1(d.text, expectedText);
      rows.push({
        page, ...s,
        title: same(d.title, meta['title']),
        byline: same(d.byline, meta['byline']),
        published: dateInstant(d.publishedAt) === dateInstant(expectedPublished),
        expectedPublished, gotPublished: d.publishedAt, error: null,
      });
    } catch (e) {
      const empty = tokenise(expectedText).length === 0;
      rows.push({
        page, precision: empty ? 1 : 0, recall: empty ? 1 : 0, f1: empty ? 1 : 0, title: false, byline: false, published: false,
        expectedPublished, gotPublished: null, error: isReadoutError(e) ? `${e.code}: ${e.message}` : String(e),
      });
    }
  }
  return rows;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

export function summarise(rows: ExtractionRow[]): Record<string, number> {
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const rate = (xs: boolean[]): number => mean(xs.map(Number));
  return {
    pages: rows.length,
    meanPrecision: mean(rows.map((r) => r.precision)),
    meanRecall: mean(rows.map((r) => r.recall)),
    meanF1: mean(rows.map((r) => r.f1)),
    medianF1: median(rows.map((r) => r.f1)),
    titleExact: rate(rows.map((r) => r.title)),
    bylineExact: rate(rows.map((r) => r.byline)),
    publishedExact: rate(rows.map((r) => r.published)),
    publishedExactWhereExpected: rate(rows.filter((r) => r.expectedPublished).map((r) => r.published)),
    errors: rows.filter((r) => r.error).length,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(READABILITY_PAGES)) {
    console.log(`eval-extraction: ${READABILITY_PAGES} is absent; nothing to evaluate (place ../shared/data beside the repo).`);
    process.exit(0);
  }
  const rows = await evalExtraction();
  const summary = summarise(rows);
  const worst = [...rows].sort((a, b) => a.f1 - b.f1).slice(0, 10);
  console.log('worst pages by F1:');
  console.table(worst.map((r) => ({ page: r.page, p: r.precision.toFixed(3), r: r.recall.toFixed(3), f1: r.f1.toFixed(3), error: r.error ?? '' })));
  console.table(Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, { value: Number.isInteger(v) ? v : Number(v.toFixed(4)) }])));
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'eval-extraction.json'), JSON.stringify({ summary, rows }, null, 2));
  console.log(`goal: mean text F1 >= 0.95 → ${summary['meanF1']! >= 0.95 ? 'met' : 'NOT met'}; wrote bench/results/eval-extraction.json`);
}
