// Golden tests with the real data files: per-extractor floors on fixtures/analysis, offsets of
// every extracted item, the seed article and the White House fact sheet of 1 Nov 2025.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Analysis, Document } from '../../domain/index.js';
import { loadKnowledge } from '../../knowledge/index.js';
import { documentOf, loadGoldenCases, scoreCase, summarize, type CaseResult } from './golden-scorer.js';
import { createAnalyzer } from './index.js';

const knowledge = loadKnowledge();
const analyze = createAnalyzer(knowledge);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SHARED = join(REPO, '../shared');

function doc(id: string, text: string, publishedAt: string | null): Document {
  return {
    id, url: null, canonicalUrl: null, sourceId: null, title: id, byline: null, publishedAt, modifiedAt: null, lang: null, siteName: null,
    text, contentHash: `hash-${id}`, fetchedAt: '2025-11-25T00:00:00Z', extractor: { name: 'test', version: '0' },
  };
}

function expectOffsets(text: string, a: Analysis): void {
  for (const s of a.sentences) expect(s.end).toBeGreaterThan(s.start);
  for (const x of a.actors) for (const m of x.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  for (const x of a.issues) for (const m of x.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  for (const x of [...a.quotes, ...a.claims, ...a.events, ...a.commitments]) expect(text.slice(x.start, x.end)).toBe(x.text);
}

// Floors per extractor (F1) on the development fixtures and on the held-out ones; measured values
// are printed by `node --import tsx bench/eval-analysis.ts`. A drop below a floor is a regression.
const DEV_FLOORS = { sentences: 0.95, actors: 0.95, issues: 0.9, quotes: 0.9, claims: 0.9, events: 0.9, commitments: 0.9 } as const;
const HELDOUT_FLOORS = { sentences: 0.5, actors: 0.8, issues: 0.6, quotes: 0.6, claims: 0.6, events: 0.55, commitments: 0.6 } as const;

describe('golden fixtures (fixtures/analysis)', () => {
  const cases = loadGoldenCases();
  const results: { split: string; r: CaseResult }[] = [];
  for (const c of cases) {
    const { analysis, report } = analyze(documentOf(c));
    expectOffsets(c.text, analysis);
    for (const r of scoreCase(c, analysis)) results.push({ split: c.split, r });
    for (const code of c.expect.report ?? []) expect(report.map((x) => x.code), c.id).toContain(code);
  }

  it('has at least 80 annotated cases covering every extractor', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    for (const k of ['actors', 'quotes', 'claims', 'events', 'commitments', 'issues', 'sentences'] as const) {
      expect(results.some((x) => x.r.extractor === k), k).toBe(true);
    }
  });

  for (const [split, floors] of [['dev', DEV_FLOORS], ['heldout', HELDOUT_FLOORS]] as const) {
    it(`keeps F1 per extractor above its floor (${split})`, () => {
      const rows = summarize(results.filter((x) => x.split === split).map((x) => x.r));
      for (const row of rows) {
        if (row.cases === 0) continue;
        const misses = results.filter((x) => x.split === split && x.r.extractor === row.extractor && (x.r.score.fp > 0 || x.r.score.fn > 0)).map((x) => `${x.r.id}: ${x.r.misses.join('; ')}`);
        expect(row.f1, `${row.extractor} F1 ${row.f1.toFixed(3)}\n${misses.join('\n')}`).toBeGreaterThanOrEqual(floors[row.extractor]);
      }
    });
  }
});

const SEED = join(SHARED, 'seed/xi-calls-trump.txt');
describe.skipIf(!existsSync(SEED))(`seed article (${SEED}; skipped when absent)`, () => {
  it('finds the leaders and the issues the article is about', () => {
    const text = readFileSync(SEED, 'utf8');
    const { analysis } = analyze(doc('seed', text, '2025-11-25T12:00:00Z'));
    expectOffsets(text, analysis);
    const actors = new Map(analysis.actors.map((a) => [a.id, a.country]));
    expect(actors.get('xi-jinping')).toBe('CHN');
    expect(actors.get('donald-trump')).toBe('USA');
    expect(actors.get('sanae-takaichi')).toBe('JPN');
    expect(actors.get('vladimir-putin')).toBe('RUS');
    const issues = analysis.issues.map((i) => i.id);
    for (const id of ['taiwan', 'trade', 'agriculture', 'ukraine-war', 'rare-earths', 'export-controls']) expect(issues).toContain(id);
    expect(analysis.issues.reduce((s, i) => s + i.weight, 0)).toBeCloseTo(1);
    // The call and the invitation to Beijing in April.
    expect(analysis.events).toContainEqual(expect.objectContaining({ type: 'CONSULT', mode: 'phone', actors: ['xi-jinping'], recipients: ['donald-trump'] }));
    expect(analysis.events).toContainEqual(expect.objectContaining({ type: 'CONSULT', mode: 'invite', actors: ['xi-jinping'], date: '2026-04' }));
    // Hedged analysis and reported statements.
    expect(analysis.claims.some((c) => c.modality === 'hedged')).toBe(true);
    expect(analysis.claims).toContainEqual(expect.objectContaining({ holder: 'sanae-takaichi', modality: 'reported' }));
  });
});

const FACT_DIR = join(SHARED, 'data/whitehouse/fact-sheets/2025-11');
const factSheet = existsSync(FACT_DIR) ? readdirSync(FACT_DIR).find((f) => f.startsWith('2025-11-01-') && f.includes('china')) : undefined;
describe.skipIf(!factSheet)(`White House fact sheet of 2025-11-01 on China (${FACT_DIR}; skipped when absent)`, () => {
  it('extracts every soybean, rare-earth, fentanyl and tariff commitment with its amount and period', () => {
    const raw = readFileSync(join(FACT_DIR, factSheet!), 'utf8');
    const text = raw.replace(/^---\n[\s\S]*?\n---\n/, '');
    const { analysis } = analyze(doc('fact-sheet', text, '2025-11-01T18:31:47Z'));
    expectOffsets(text, analysis);
    const cs = analysis.commitments;
    const about = (re: RegExp) => cs.filter((c) => re.test(c.object));

    const soy = about(/soybean/i);
    expect(soy.map((c) => [c.actor, c.action, c.amount, c.unit, c.period])).toEqual([
      ['china', 'purchase', 12, 'MMT', 'the last two months of 2025'],
      ['china', 'purchase', 25, 'MMT', 'each of 2026, 2027, and 2028'],
    ]);

    const fentanylTariff = cs.find((c) => c.action === 'reduce' && /fentanyl/.test(c.object));
    expect(fentanylTariff).toMatchObject({ actor: 'united-states', amount: 10, unit: 'percentage-points', period: 'effective November 10, 2025' });

    // Every tariff commitment states its period or deadline.
    const tariffs = about(/tariff/i);
    expect(tariffs.length).toBeGreaterThanOrEqual(5);
    for (const c of tariffs) expect(c.period, c.text).not.toBeNull();
    expect(tariffs.map((c) => c.period)).toEqual(expect.arrayContaining([
      'since March 4, 2025', 'until December 31, 2026', 'effective November 10, 2025', 'until November 10, 2026',
    ]));

    // Rare earths: the suspension of the October controls and the general licences (the text gives no amount).
    expect(about(/rare earth/i).map((c) => [c.actor, c.action])).toEqual(expect.arrayContaining([['china', 'suspend'], ['china', 'issue-license']]));
    // Fentanyl: the pledges to halt the flow.
    expect(about(/fentanyl/i).filter((c) => c.action === 'halt').length).toBeGreaterThanOrEqual(2);
    // One-year suspensions starting on 10 November 2025.
    expect(cs.filter((c) => c.period === 'for one year, starting on November 10, 2025')).toHaveLength(2);
  });
});
