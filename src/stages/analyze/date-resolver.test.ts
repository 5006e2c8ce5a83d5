// The date resolver parses each window with only the chrono parsers whose patterns can match it
// (PARSER_NEEDS). That must never change a result: the conditions were read off the patterns of
// the installed chrono-node, which these tests pin, and pruned parses are compared with full ones.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chrono from 'chrono-node';
import { describe, expect, it } from 'vitest';
import { createChronoPicker, fullChrono, PARSE_OPTIONS, PARSER_NEEDS } from './date-resolver.js';
import { loadGoldenCases } from './golden-scorer.js';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));

/** What a parse yields, as the resolver reads it. */
function summary(results: chrono.ParsedResult[]): unknown[] {
  return results.map((r) => [
    r.index, r.text, r.start.date().getTime(), r.end ? r.end.date().getTime() : null,
    (['year', 'month', 'day', 'weekday'] as const).map((c) => [r.start.get(c), r.start.isCertain(c)]),
  ]);
}

/** Windows of eight words sliding over a text (the resolver parses windows of about that size). */
function windows(text: string): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 3) out.push(words.slice(i, i + 8).join(' '));
  return out;
}

describe('date resolver: pruned chrono parses', () => {
  it('reads its parser conditions off the installed chrono patterns', () => {
    const ctx = new chrono.ParsingContext('', { instant: new Date(0), timezone: 0 }, PARSE_OPTIONS);
    const parsers = fullChrono().parsers.map((p) => `${p.constructor.name} ${p.pattern(ctx).source} ${p.pattern(ctx).flags}`);
    // When chrono-node changes its parsers or patterns, read PARSER_NEEDS again, then update this.
    expect(createHash('sha256').update(parsers.join('\n')).digest('hex')).toBe('f7355545985f09d094fbc84104c1a4adce0953cab10be10ef9673d1f55f6cb93');
    const names = new Set(fullChrono().parsers.map((p) => p.constructor.name));
    for (const name of Object.keys(PARSER_NEEDS)) expect(names.has(name), name).toBe(true);
  });

  it('gives the same results as the full chrono', () => {
    const texts = [
      ...loadGoldenCases().map((c) => c.text),
      ...readdirSync(SAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory())
        .flatMap((d) => readdirSync(join(SAMPLES, d.name)).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(SAMPLES, d.name, f), 'utf8'))),
      // Every parser's kind of expression, and words that look like date words but are not.
      '2025-11-24T09:00:00Z 2025/11/24 11/24/2025 24.11. 11/2025 3 days ago two weeks before within 2 weeks in 5 days for a month',
      'on the 3rd of May, May 3rd to 5th, Sept. 30, 2026 2025 Nov Nov 2025 the end of the month last day of month',
      'last Monday, this weekend, next Tue., tmrw, tonight, last night, overmorrow, yesterday, today, now',
      'this week next month past year after this quarter +2 days -1 week the couple of months earlier',
      'Beijing may restrict mayors; Mars, Decimal, Octopus, Junior, Augusta; Monica thought; weekly sundries',
    ];
    const ref = { instant: new Date('2025-11-20T09:00:00Z'), timezone: 0 };
    const chronoFor = createChronoPicker();
    let withResults = 0;
    for (const text of texts) {
      for (const w of windows(text)) {
        const full = summary(fullChrono().parse(w, ref, PARSE_OPTIONS));
        expect(summary(chronoFor(w).parse(w, ref, PARSE_OPTIONS)), w).toEqual(full);
        if (full.length > 0) withResults++;
      }
    }
    expect(withResults).toBeGreaterThan(100);
  });
});
