// The extraction stage on fixtures written for these tests: HTML with metadata, Markdown with
// front matter, plain text; legacy encodings generated here with iconv-lite; hopeless input refused.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import type { RawInput } from '../src/domain/types.js';
import { ReadoutError } from '../src/domain/errors.js';
import { createExtractor, detectFormat, EXTRACTOR_VERSION } from '../src/stages/extract/index.js';
import { decodeBytes } from '../src/stages/extract/encoding.js';
import { contentHashOf } from '../src/stages/extract/text-normaliser.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/ingest');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const input = (bytes: Uint8Array, over: Partial<RawInput> = {}): RawInput => ({
  bytes, url: null, contentType: null, fileName: null, fetchedAt: '2025-11-08T00:00:00.000Z', ...over,
});
const extract = createExtractor({ now: () => new Date('2025-11-08T00:00:00Z') });

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'returned';
  } catch (e) {
    return e instanceof ReadoutError ? e.code : `not a ReadoutError: ${String(e)}`;
  }
}

describe('HTML extraction', () => {
  const { document: d, sourceHint, report } = extract(input(fixture('article.html'), { url: 'https://herald.example/world/grain-talks?utm_source=x', contentType: 'text/html; charset=utf-8' }));

  it('finds the title, byline, dates, language, site and canonical URL', () => {
    expect(d.title).toBe('Ministers agree to resume grain talks');
    expect(d.byline).toBe('Dana Writer');
    expect(d.publishedAt).toBe('2025-11-06T08:15:00+00:00');
    expect(d.modifiedAt).toBe('2025-11-06T10:00:00+00:00');
    expect(d.lang).toBe('en');
    expect(d.siteName).toBe('Example Herald');
    expect(d.canonicalUrl).toBe('https://herald.example/world/grain-talks');
    expect(d.url).toBe('https://herald.example/world/grain-talks?utm_source=x');
    expect(sourceHint.name).toBe('Example Herald');
    expect(report.filter((r) => r.level !== 'info')).toEqual([]);
  });

  it('keeps the article text with paragraph breaks and drops the chrome', () => {
    expect(d.text).toMatch(/^The trade ministers of two large economies/);
    expect(d.text.split('\n\n').length).toBeGreaterThanOrEqual(4);
    expect(d.text).toContain('"candid and constructive"');
    expect(d.text).not.toMatch(/Home|Copyright|window\.evil|color: red/);
  });

  it('derives id and content hash as specified', () => {
    expect(d.contentHash).toBe(contentHashOf(d.text));
    expect(d.id).toMatch(/^d_[0-9a-f]{16}$/);
    const again = extract(input(fixture('article.html'), { url: 'https://herald.example/world/grain-talks' }));
    expect(again.document.id).toBe(d.id);
    expect(d.extractor).toEqual({ name: 'readout-extract/html', version: EXTRACTOR_VERSION });
  });

  it('sanitises the kept HTML with an allow-list', () => {
    const html = d.html ?? '';
    expect(html).toContain('<p>');
    expect(html).not.toMatch(/<script|<style|<iframe|<form|<img|<input|onclick|onerror|javascript:/i);
    expect(html).toContain('href="https://herald.example/cities/geneva"');
  });

  it('reads a visible dateline when metadata has no date', () => {
    const page = '<html><body><article><p>GENEVA, November 3, 2025 — Delegations from both capitals met again on Monday to discuss shipping schedules and port inspections in some detail.</p><p>A second paragraph keeps the article long enough for the extractor to consider it an article rather than a fragment of navigation.</p></article></body></html>';
    const { document: doc, report: rep } = extract(input(Buffer.from(page), { contentType: 'text/html' }));
    expect(doc.publishedAt).toBe('2025-11-03');
    expect(rep.map((r) => r.code)).toContain('I_DATE_FROM_DATELINE');
  });
});

describe('Markdown and plain text', () => {
  it('reads front matter into metadata, source hint and labels', () => {
    const { document: d, sourceHint, labels } = extract(input(fixture('statement.md'), { fileName: 'statement.md' }));
    expect(d.title).toBe("Readout of the Deputy Ministers' Consultation");
    expect(d.url).toBe('https://ministry.example/statements/2025/11/consultation');
    expect(d.canonicalUrl).toBe('https://ministry.example/statements/2025/11/consultation');
    expect(d.publishedAt).toBe('2025-11-07T16:00:00-05:00');
    expect(d.lang).toBe('en');
    expect(d.sourceId).toBe('ministry-of-examples');
    expect(sourceHint).toEqual({ id: 'ministry-of-examples', name: null, country: 'XEX', kind: 'government' });
    expect(labels).toEqual({ event: 'fixture-consultation-2025-11' });
    expect(d.html).toBeNull();
    // Hard-wrapped lines are joined, inline Markdown removed, headings and list items are paragraphs.
    expect(d.text).toBe([
      'Deputy ministers from both governments held their annual consultation today. They reviewed progress on the shipping agreement and discussed new inspection procedures.',
      'Next steps',
      'Technical teams will meet within thirty days.',
      'A joint statement will follow the next round.',
    ].join('\n\n'));
  });

  it('reads the White House front-matter shape', () => {
    const md = [
      '---', "date: '2025-11-01'", 'modified_time: 2025-11-01 18:05:10-04:00', 'published_time: 2025-11-01 17:59:00-04:00',
      'source_url: https://www.whitehouse.gov/fact-sheets/2025/11/example/', 'tags: fact-sheets', 'title: "Fact Sheet: An\\_Example"', '---',
      '\u00a0', 'First paragraph of an example written for this test.', '', 'Second paragraph.',
    ].join('\n');
    const { document: d, labels } = extract(input(Buffer.from(md), { fileName: 'example.md' }));
    expect(d.title).toBe('Fact Sheet: An Example');
    expect(d.publishedAt).toBe('2025-11-01T17:59:00-04:00');
    expect(d.modifiedAt).toBe('2025-11-01T18:05:10-04:00');
    expect(d.url).toBe('https://www.whitehouse.gov/fact-sheets/2025/11/example/');
    expect(d.canonicalUrl).toBe('https://www.whitehouse.gov/fact-sheets/2025/11/example');
    expect(labels).toEqual({ tags: 'fact-sheets' });
    expect(d.text).toBe('First paragraph of an example written for this test.\n\nSecond paragraph.');
  });

  it('takes a headline-like first line of plain text as the title', () => {
    const { document: d, report } = extract(input(fixture('plain.txt'), { fileName: 'plain.txt' }));
    expect(d.title).toBe('Envoys Trade Notes on Fisheries Dispute');
    expect(d.text).toBe('Two envoys exchanged written notes on Monday about a long-running dispute over fishing rights.\n\nThe notes were not published, but both offices confirmed the exchange.');
    expect(d.lang).toBe('en');
    expect(d.url).toBeNull();
    expect(report.map((r) => r.code)).toContain('W_NO_DATE');
    expect(d.id).toBe(`d_${createHash('sha256').update(d.contentHash).digest('hex').slice(0, 16)}`);
  });

  it('detects formats from type, extension and content', () => {
    expect(detectFormat({ contentType: 'text/html', fileName: null }, 'x')).toBe('html');
    expect(detectFormat({ contentType: null, fileName: 'a.md' }, 'x')).toBe('markdown');
    expect(detectFormat({ contentType: null, fileName: null }, '<!DOCTYPE html><html>')).toBe('html');
    expect(detectFormat({ contentType: null, fileName: null }, '---\ntitle: x\n---\nbody')).toBe('markdown');
    expect(detectFormat({ contentType: null, fileName: null }, 'Just words.')).toBe('text');
  });
});

describe('encodings', () => {
  const sentences: Record<string, string> = {
    gbk: '外交部发言人表示，双方同意继续保持沟通，推动贸易关系稳定发展。',
    gb18030: '两国领导人通电话，讨论了农产品采购和出口管制问题。',
    big5: '外交部發言人表示，雙方同意繼續保持溝通，推動貿易關係穩定發展。',
    shift_jis: '外務省の報道官は、両国が対話を続けることで合意したと述べました。',
    'euc-kr': '외교부 대변인은 양국이 대화를 계속하기로 합의했다고 밝혔다.',
    'windows-1252': 'Le porte-parole a déclaré que « les deux parties » poursuivront le dialogue – à Genève.',
  };

  for (const [encoding, sentence] of Object.entries(sentences)) {
    it(`decodes ${encoding} from <meta charset>, from the header, and by sniffing`, () => {
      const page = (meta: string): Buffer => iconv.encode(`<html><head>${meta}<title>t</title></head><body><p>${sentence}</p></body></html>`, encoding);
      const viaMeta = decodeBytes(page(`<meta charset="${encoding}">`));
      expect(viaMeta.source).toBe('declaration');
      expect(viaMeta.text).toContain(sentence);
      const viaHttpEquiv = decodeBytes(page(`<meta http-equiv="Content-Type" content="text/html; charset=${encoding}">`));
      expect(viaHttpEquiv.text).toContain(sentence);
      const viaHeader = decodeBytes(page(''), { contentType: `text/html; charset=${encoding}` });
      expect(viaHeader.source).toBe('header');
      expect(viaHeader.text).toContain(sentence);
      const sniffed = decodeBytes(iconv.encode(`${sentence}\n${sentence}`, encoding));
      expect(sniffed.text).toContain(sentence);
    });
  }

  it('prefers a BOM over everything and UTF-8 evidence over a stale legacy declaration', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<meta charset="big5"><p>naïve café</p>')]);
    expect(decodeBytes(bom, { contentType: 'text/html; charset=shift_jis' }).text).toContain('naïve café');
    const stale = Buffer.from('<meta charset="gb2312"><p>已转存为 UTF-8 的页面</p>');
    expect(decodeBytes(stale).text).toContain('已转存为 UTF-8 的页面');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('<p>wide text</p>', 'utf-16le')]);
    expect(decodeBytes(utf16).text).toBe('<p>wide text</p>');
  });

  it('extracts a GBK page end to end', () => {
    const html = iconv.encode(`<html lang="zh"><head><meta charset="gbk"><title>新闻稿</title></head><body><article><p>${sentences['gbk']}</p></article></body></html>`, 'gbk');
    const { document: d } = extract(input(html, { contentType: 'text/html' }));
    expect(d.text).toContain(sentences['gbk']);
    expect(d.lang).toBe('zh');
  });
});

describe('hopeless input', () => {
  it('refuses empty and whitespace-only input with E_EMPTY_INPUT', () => {
    expect(codeOf(() => extract(input(Buffer.alloc(0))))).toBe('E_EMPTY_INPUT');
    expect(codeOf(() => extract(input(Buffer.from('  \n\n \t '))))).toBe('E_EMPTY_INPUT');
    expect(codeOf(() => extract(input(Buffer.from('<html><body><script>only()</script></body></html>'), { contentType: 'text/html' })))).toBe('E_EMPTY_INPUT');
  });

  it('refuses binary input with E_BINARY_INPUT', () => {
    expect(codeOf(() => extract(input(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))))).toBe('E_BINARY_INPUT');
    expect(codeOf(() => extract(input(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))))).toBe('E_BINARY_INPUT');
    expect(codeOf(() => extract(input(Buffer.from('text with a \u0000 NUL byte inside'))))).toBe('E_BINARY_INPUT');
    const controls = Buffer.from(Array.from({ length: 500 }, (_, i) => (i % 7) + 1));
    expect(codeOf(() => extract(input(controls)))).toBe('E_BINARY_INPUT');
  });

  it('refuses oversized input with E_TOO_LARGE before parsing it', () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x61);
    expect(codeOf(() => extract(input(huge)))).toBe('E_TOO_LARGE');
    const small = createExtractor({ maxBytes: 1000 });
    expect(codeOf(() => small(input(Buffer.alloc(1001, 0x61))))).toBe('E_TOO_LARGE');
  });

  it('refuses text that decodes to mostly garbage under its declared charset with E_ENCODING', () => {
    const bytes = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 2 ? 0x81 : 0xfe)));
    expect(codeOf(() => extract(input(bytes, { contentType: 'text/plain; charset=utf-8' })))).toBe('E_ENCODING');
  });
});
