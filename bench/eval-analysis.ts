// Quality of the analysis engine: precision/recall/F1 per extractor on the golden fixtures
// (fixtures/analysis), and CAMEO root-code and source/target country accuracy on the PETRARCH-2
// validation sentences (../shared/data/petrarch-validation), when that data is present.
//   node --import tsx bench/eval-analysis.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Analysis, Document } from '../src/domain/index.js';
import { loadKnowledge } from '../src/knowledge/index.js';
import { createAnalyzer } from '../src/stages/analyze/index.js';
import { documentOf, loadGoldenCases, scoreCase, summarize, type CaseResult, type ScoreRow } from '../src/stages/analyze/golden-scorer.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const PETRARCH_PATH = join(ROOT, '../shared/data/petrarch-validation/PETR2_GSR_validation.xml');

export interface PetrarchResult {
  available: boolean;
  path: string;
  sentences: number;
  codings: number;
  /** Expected codings whose CAMEO root we produced for the sentence. */
  rootAccuracy: number;
  /** Of the expected codings, share where our matching event's actors include the source country. */
  sourceCountryAccuracy: number;
  targetCountryAccuracy: number;
  /** Sentences coded "noevents" for which we produced no event. */
  noEventAccuracy: number;
  noEventSentences: number;
}

export interface EvalAnalysisResult {
  golden: {
    cases: number;
    /** All cases, then the development cases (used while building) and the held-out ones (never tuned on). */
    rows: ScoreRow[];
    dev: { cases: number; rows: ScoreRow[] };
    heldout: { cases: number; rows: ScoreRow[] };
    misses: { id: string; extractor: string; misses: string[] }[];
  };
  petrarch: PetrarchResult;
}

interface PetrarchSentence {
  id: string;
  date: string | null;
  text: string;
  codings: { root: string; source: string; target: string }[];
  noevents: boolean;
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m ? m[1]! : null;
}

/**
 * The validation file is not well-formed XML (self-closed <Sentence/> later closed again), so a
 * strict parser rejects it. This reader only scans for the three tags it needs with linear,
 * bounded patterns; it never expands entities or reads a DTD, so it is safe on hostile input.
 */
export function parsePetrarch(xml: string): PetrarchSentence[] {
  const out: PetrarchSentence[] = [];
  const tagRe = /<(Sentence|EventCoding)\b[^>]{0,400}>|<Text>([^<]{0,5000})<\/Text>/g;
  let cur: PetrarchSentence | null = null;
  for (let m = tagRe.exec(xml); m; m = tagRe.exec(xml)) {
    if (m[1] === 'Sentence') {
      if (cur) out.push(cur);
      const d = attr(m[0], 'date');
      cur = { id: attr(m[0], 'id') ?? String(out.length), date: d && /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T12:00:00Z` : null, text: '', codings: [], noevents: false };
    } else if (m[1] === 'EventCoding' && cur) {
      if (attr(m[0], 'noevents')) cur.noevents = true;
      const code = attr(m[0], 'eventcode');
      if (code) cur.codings.push({ root: code.slice(0, 2), source: (attr(m[0], 'sourcecode') ?? '').slice(0, 3), target: (attr(m[0], 'targetcode') ?? '').slice(0, 3) });
    } else if (m[2] !== undefined && cur) {
      cur.text = m[2].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/\s+/g, ' ').trim();
    }
  }
  if (cur) out.push(cur);
  return out;
}

function doc(id: string, text: string, publishedAt: string | null): Document {
  return {
    id, url: null, canonicalUrl: null, sourceId: null, title: id, byline: null, publishedAt, modifiedAt: null, lang: 'en', siteName: null,
    text, contentHash: id, fetchedAt: '2026-01-01T00:00:00Z', extractor: { name: 'eval', version: '1' },
  };
}

function countriesOf(a: Analysis, ids: readonly string[]): Set<string> {
  const s = new Set<string>();
  for (const id of ids) {
    const actor = a.actors.find((x) => x.id === id);
    if (actor?.country) s.add(actor.country);
  }
  return s;
}

export async function evalAnalysis(): Promise<EvalAnalysisResult> {
  const knowledge = loadKnowledge();
  const analyze = createAnalyzer(knowledge);
  const cases = loadGoldenCases();
  const results: CaseResult[] = [];
  const splitOf = new Map(cases.map((c) => [c.id, c.split]));
  for (const c of cases) {
    const { analysis, report } = analyze(documentOf(c));
    results.push(...scoreCase(c, analysis));
    if (c.expect.report) {
      const codes = report.map((r) => r.code);
      for (const code of c.expect.report) if (!codes.includes(code)) results.push({ id: c.id, extractor: 'sentences', score: { tp: 0, fp: 0, fn: 1 }, misses: [`report lacks ${code}`] });
    }
  }
  const golden = {
    cases: cases.length,
    rows: summarize(results),
    dev: { cases: cases.filter((c) => c.split === 'dev').length, rows: summarize(results.filter((r) => splitOf.get(r.id) === 'dev')) },
    heldout: { cases: cases.filter((c) => c.split === 'heldout').length, rows: summarize(results.filter((r) => splitOf.get(r.id) === 'heldout')) },
    misses: results.filter((r) => r.score.fp > 0 || r.score.fn > 0).map((r) => ({ id: r.id, extractor: r.extractor, misses: r.misses })),
  };

  const petrarch: PetrarchResult = {
    available: existsSync(PETRARCH_PATH), path: PETRARCH_PATH, sentences: 0, codings: 0, rootAccuracy: 0, sourceCountryAccuracy: 0,
    targetCountryAccuracy: 0, noEventAccuracy: 0, noEventSentences: 0,
  };
  if (petrarch.available) {
    const sentences = parsePetrarch(readFileSync(PETRARCH_PATH, 'utf8'));
    let roots = 0;
    let src = 0;
    let tgt = 0;
    let none = 0;
    for (const s of sentences) {
      if (!s.text) continue;
      petrarch.sentences++;
      const { analysis } = analyze(doc(`petr:${s.id}`, s.text, s.date));
      if (s.noevents && s.codings.length === 0) {
        petrarch.noEventSentences++;
        if (analysis.events.length === 0) none++;
        continue;
      }
      for (const c of s.codings) {
        petrarch.codings++;
        const same = analysis.events.filter((e) => e.cameo === c.root);
        if (same.length > 0) roots++;
        const cands = same.length > 0 ? same : analysis.events;
        if (cands.some((e) => countriesOf(analysis, e.actors).has(c.source))) src++;
        if (cands.some((e) => countriesOf(analysis, e.recipients).has(c.target))) tgt++;
      }
    }
    const n = Math.max(1, petrarch.codings);
    petrarch.rootAccuracy = roots / n;
    petrarch.sourceCountryAccuracy = src / n;
    petrarch.targetCountryAccuracy = tgt / n;
    petrarch.noEventAccuracy = petrarch.noEventSentences > 0 ? none / petrarch.noEventSentences : 0;
  }
  return { golden, petrarch };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

async function main(): Promise<void> {
  const r = await evalAnalysis();
  const table = (title: string, rows: ScoreRow[]): void => {
    console.log(title);
    console.log('extractor     cases   tp   fp   fn  precision  recall     F1');
    for (const row of rows) {
      if (row.cases === 0) continue;
      console.log(`${row.extractor.padEnd(12)} ${String(row.cases).padStart(6)} ${String(row.tp).padStart(4)} ${String(row.fp).padStart(4)} ${String(row.fn).padStart(4)}  ${pct(row.precision).padStart(9)} ${pct(row.recall).padStart(7)} ${pct(row.f1).padStart(6)}`);
    }
  };
  table(`Golden fixtures, all ${r.golden.cases} cases (fixtures/analysis)`, r.golden.rows);
  table(`\nDevelopment cases (${r.golden.dev.cases}; the extractors were tuned on these)`, r.golden.dev.rows);
  table(`\nHeld-out cases (${r.golden.heldout.cases}; written after the extractors, see fixtures/analysis/heldout.yaml)`, r.golden.heldout.rows);
  if (process.argv.includes('--misses')) for (const m of r.golden.misses) console.log(`  ${m.id} [${m.extractor}]\n    ${m.misses.join('\n    ')}`);
  if (r.petrarch.available) {
    const p = r.petrarch;
    console.log(`\nPETRARCH-2 validation: ${p.sentences} sentences, ${p.codings} expected codings, ${p.noEventSentences} no-event sentences`);
    console.log(`  CAMEO root-code accuracy   ${pct(p.rootAccuracy)}`);
    console.log(`  source country accuracy    ${pct(p.sourceCountryAccuracy)}`);
    console.log(`  target country accuracy    ${pct(p.targetCountryAccuracy)}`);
    console.log(`  no-event sentences kept empty ${pct(p.noEventAccuracy)}`);
  } else {
    console.log(`\nPETRARCH-2 validation data is absent (${r.petrarch.path}); skipped. Place the shared data beside the repository to measure it.`);
  }
  const out = join(ROOT, 'bench/results/eval-analysis.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(r, null, 2));
  console.log(`\nwrote ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
