// Golden fixtures (fixtures/analysis/*.yaml) and their scoring: per extractor true positives,
// false positives and false negatives, precision, recall and F1. Shared by the golden test and
// bench/eval-analysis.ts so both measure the same thing.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ReadoutError } from '../../domain/index.js';
import type { Analysis, Document } from '../../domain/index.js';

export const GOLDEN_DIR = fileURLToPath(new URL('../../../fixtures/analysis/', import.meta.url));

const quoteExp = z.object({ speaker: z.string().nullable(), via: z.string().nullable().default(null), direct: z.boolean(), text: z.string().optional() });
const claimExp = z.object({ contains: z.string(), holder: z.string().nullable(), via: z.string().nullable().optional(), modality: z.enum(['asserted', 'reported', 'hedged', 'denied', 'hypothetical']) });
const eventExp = z.object({
  type: z.string(), mode: z.string().nullable().default(null), actors: z.array(z.string()).optional(), recipients: z.array(z.string()).optional(),
  date: z.string().nullable().optional(),
});
const commitmentExp = z.object({
  actor: z.string().nullable().optional(), action: z.string().optional(), amount: z.number().nullable().optional(), unit: z.string().nullable().optional(),
  period: z.string().nullable().optional(), object: z.string().optional(),
});

export const goldenCaseSchema = z.object({
  id: z.string(),
  /** What the case is about (hard case name). */
  about: z.string().default(''),
  /** dev: used while building the extractors; heldout: written afterwards and never tuned on. */
  split: z.enum(['dev', 'heldout']).default('dev'),
  text: z.string().min(1),
  publishedAt: z.string().nullable().default('2025-11-25T09:00:00Z'),
  lang: z.string().nullable().default(null),
  expect: z.object({
    sentences: z.number().int().optional(),
    /** Exhaustive: every actor id the text names (unresolved ones as `unresolved:<slug>`). */
    actors: z.array(z.string()).optional(),
    /** Actor ids that must not be found (look-alike names). */
    notActors: z.array(z.string()).default([]),
    /** Exhaustive: the issue ids of the text (broader ones included). */
    issues: z.array(z.string()).optional(),
    quotes: z.array(quoteExp).optional(),
    claims: z.array(claimExp).optional(),
    events: z.array(eventExp).optional(),
    commitments: z.array(commitmentExp).optional(),
    report: z.array(z.string()).optional(),
  }),
});
export type GoldenCase = z.infer<typeof goldenCaseSchema>;

export function loadGoldenCases(dir: string = GOLDEN_DIR): GoldenCase[] {
  const out: GoldenCase[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    const path = join(dir, f);
    const r = z.array(goldenCaseSchema).safeParse(parseYaml(readFileSync(path, 'utf8')));
    if (!r.success) {
      const first = r.error.issues[0];
      throw new ReadoutError('E_DATA', `${path}: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}; fix the fixture`);
    }
    out.push(...r.data);
  }
  return out;
}

export function documentOf(c: GoldenCase): Document {
  return {
    id: `golden:${c.id}`, url: null, canonicalUrl: null, sourceId: null, title: c.id, byline: null, publishedAt: c.publishedAt,
    modifiedAt: null, lang: c.lang, siteName: null, text: c.text, contentHash: `golden-${c.id}`, fetchedAt: '2025-11-25T00:00:00Z',
    extractor: { name: 'golden', version: '1' },
  };
}

export const EXTRACTOR_KEYS = ['sentences', 'actors', 'issues', 'quotes', 'claims', 'events', 'commitments'] as const;
export type ExtractorKey = (typeof EXTRACTOR_KEYS)[number];

export interface Score {
  tp: number;
  fp: number;
  fn: number;
}

export interface ScoreRow extends Score {
  extractor: ExtractorKey;
  cases: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface CaseResult {
  id: string;
  extractor: ExtractorKey;
  score: Score;
  /** Human-readable misses, for debugging fixtures. */
  misses: string[];
}

function norm(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

/** Greedy one-to-one matching of expectations to predictions. */
function matchAll<E, P>(expected: readonly E[], predicted: readonly P[], ok: (e: E, p: P) => boolean, show: (e: E) => string): { score: Score; misses: string[] } {
  const used = new Set<number>();
  let tp = 0;
  const misses: string[] = [];
  for (const e of expected) {
    const idx = predicted.findIndex((p, i) => !used.has(i) && ok(e, p));
    if (idx >= 0) {
      used.add(idx);
      tp++;
    } else misses.push(`missing ${show(e)}`);
  }
  return { score: { tp, fp: predicted.length - used.size, fn: expected.length - tp }, misses };
}

export function scoreCase(c: GoldenCase, a: Analysis): CaseResult[] {
  const out: CaseResult[] = [];
  const e = c.expect;
  const text = c.text;
  if (e.sentences !== undefined) {
    const ok = a.sentences.length === e.sentences;
    out.push({ id: c.id, extractor: 'sentences', score: { tp: ok ? 1 : 0, fp: ok ? 0 : 1, fn: ok ? 0 : 1 }, misses: ok ? [] : [`expected ${e.sentences} sentences, got ${a.sentences.length}: ${a.sentences.map((s) => JSON.stringify(text.slice(s.start, s.end).slice(0, 40))).join(' | ')}`] });
  }
  if (e.actors || e.notActors.length > 0) {
    const got = a.actors.map((x) => x.id);
    const exp = e.actors ?? [];
    const r = matchAll(exp, e.actors ? got : got.filter((g) => e.notActors.includes(g)), (x, p) => x === p, (x) => x);
    for (const n of e.notActors) if (got.includes(n)) r.misses.push(`found forbidden ${n}`);
    if (e.actors) r.misses.push(...got.filter((g) => !exp.includes(g)).map((g) => `extra ${g}`));
    out.push({ id: c.id, extractor: 'actors', ...r });
  }
  if (e.issues) {
    const got = a.issues.map((x) => x.id);
    const r = matchAll(e.issues, got, (x, p) => x === p, (x) => x);
    r.misses.push(...got.filter((g) => !e.issues!.includes(g)).map((g) => `extra ${g}`));
    out.push({ id: c.id, extractor: 'issues', ...r });
  }
  if (e.quotes) {
    const r = matchAll(e.quotes, a.quotes, (x, p) => x.speaker === p.speaker && x.via === p.via && x.direct === p.direct
      && (x.text === undefined || norm(p.text).includes(norm(x.text)) || norm(x.text).includes(norm(p.text))), (x) => JSON.stringify(x));
    r.misses.push(...a.quotes.map((q) => `got ${q.direct ? 'direct' : 'reported'} ${q.speaker} via ${q.via}: ${q.text.slice(0, 50)}`));
    out.push({ id: c.id, extractor: 'quotes', ...r });
  }
  if (e.claims) {
    // Each expected claim is looked up by its text; a wrong holder or modality counts as both a
    // false positive and a false negative.
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses: string[] = [];
    for (const x of e.claims) {
      const p = a.claims.find((cl) => norm(cl.text).includes(norm(x.contains)));
      if (!p) {
        fn++;
        misses.push(`no claim containing "${x.contains}"`);
        continue;
      }
      if (p.holder === x.holder && p.modality === x.modality && (x.via === undefined || p.via === x.via)) tp++;
      else {
        fp++;
        fn++;
        misses.push(`"${x.contains}": expected ${x.holder}/${x.modality}${x.via !== undefined ? `/${x.via}` : ''}, got ${p.holder}/${p.modality}/${p.via}`);
      }
    }
    out.push({ id: c.id, extractor: 'claims', score: { tp, fp, fn }, misses });
  }
  if (e.events) {
    const r = matchAll(e.events, a.events, (x, p) => x.type === p.type && x.mode === p.mode
      && (x.actors === undefined || sameSet(x.actors, p.actors)) && (x.recipients === undefined || sameSet(x.recipients, p.recipients))
      && (x.date === undefined || x.date === p.date), (x) => JSON.stringify(x));
    r.misses.push(...a.events.map((ev) => `got ${ev.type}/${ev.mode} ${ev.actors.join(',')} -> ${ev.recipients.join(',')} ${ev.date}`));
    out.push({ id: c.id, extractor: 'events', ...r });
  }
  if (e.commitments) {
    const r = matchAll(e.commitments, a.commitments, (x, p) => (x.actor === undefined || x.actor === p.actor) && (x.action === undefined || x.action === p.action)
      && (x.amount === undefined || x.amount === p.amount) && (x.unit === undefined || x.unit === p.unit)
      && (x.period === undefined || (x.period === null ? p.period === null : p.period !== null && norm(p.period).includes(norm(x.period))))
      && (x.object === undefined || norm(p.object).includes(norm(x.object))), (x) => JSON.stringify(x));
    r.misses.push(...a.commitments.map((m) => `got ${m.actor} ${m.action} ${m.amount} ${m.unit} | ${m.period} | ${m.object}`));
    out.push({ id: c.id, extractor: 'commitments', ...r });
  }
  return out;
}

export function summarize(results: readonly CaseResult[]): ScoreRow[] {
  return EXTRACTOR_KEYS.map((k) => {
    const rs = results.filter((r) => r.extractor === k);
    const tp = rs.reduce((s, r) => s + r.score.tp, 0);
    const fp = rs.reduce((s, r) => s + r.score.fp, 0);
    const fn = rs.reduce((s, r) => s + r.score.fn, 0);
    const precision = tp + fp > 0 ? tp / (tp + fp) : 1;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 1;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { extractor: k, cases: rs.length, tp, fp, fn, precision, recall, f1 };
  });
}
