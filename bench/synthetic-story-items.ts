// A generator of plausible StoryItems for benchmarks: many events (calls, visits, meetings)
// between leaders of many countries, each reported by several sources over a few days, with
// look-alikes (the same pair again weeks later). Deterministic for a given seed.
import type { Analysis, DocActor, DocIssue, Document, Source, SourceKind } from '../src/domain/index.js';
import type { StoryItem } from '../src/stages/stories/index.js';
import { seededRandom } from './seeded-random.js';

const rng = seededRandom;

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'tu', 'ven', 'sol', 'dar', 'ine', 'por', 'qua', 'zel', 'bri', 'mon', 'tas', 'gul'];
const ISSUES = ['trade', 'tariffs', 'agriculture', 'taiwan', 'ukraine-war', 'fentanyl', 'rare-earths', 'export-controls', 'security', 'history', 'summitry', 'climate', 'energy', 'migration'];
const KINDS: SourceKind[] = ['government', 'state-media', 'wire', 'press', 'press', 'press', 'commentary'];
const MODES = ['phone', 'visit', 'meeting'] as const;

export interface SyntheticCorpus {
  items: StoryItem[];
  /** Gold story label per document id. */
  gold: Map<string, string>;
}

export function syntheticStoryItems(count: number, seed = 42, docsPerEvent = 12): SyntheticCorpus {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const word = (): string => Array.from({ length: 2 + Math.floor(r() * 2) }, () => pick(SYLLABLES)).join('');
  const vocab = Array.from({ length: 6000 }, word);
  const common = ['government', 'talks', 'leaders', 'minister', 'president', 'relations', 'country', 'countries', 'said', 'official', 'statement', 'reporters', 'both', 'sides', 'economic', 'cooperation'];
  const countries = Array.from({ length: 60 }, (_, i) => `C${String(i).padStart(2, '0')}`.replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)]!));
  const leaders = countries.flatMap((c) => [0, 1, 2].map((k) => ({ id: `leader-${c.toLowerCase()}-${k}`, name: `${word()} ${word()}`, country: c })));
  const sources: Source[] = Array.from({ length: 400 }, (_, i) => ({
    id: `source-${i}`, name: `Source ${i}`, kind: pick(KINDS), country: pick(countries), language: 'en', feeds: [],
  }));
  const items: StoryItem[] = [];
  const gold = new Map<string, string>();
  const day0 = Date.parse('2025-01-01T00:00:00Z');
  const pairs: [typeof leaders[number], typeof leaders[number]][] = [];
  let e = 0;
  while (items.length < count) {
    // Reuse an earlier pair a third of the time: the look-alikes.
    let a = pick(leaders);
    let b = pick(leaders);
    if (pairs.length > 10 && r() < 0.33) [a, b] = pick(pairs);
    while (b.country === a.country) b = pick(leaders);
    pairs.push([a, b]);
    const mode = pick(MODES);
    const eventDay = Math.floor(r() * 365);
    const date = new Date(day0 + eventDay * 86_400_000).toISOString().slice(0, 10);
    const label = `event-${e++}`;
    const topic = Array.from({ length: 12 }, () => pick(vocab));
    const issues = [pick(ISSUES), pick(ISSUES), pick(ISSUES)];
    const n = Math.max(2, Math.round(docsPerEvent * (0.5 + r())));
    for (let k = 0; k < n && items.length < count; k++) {
      const id = `${label}-doc-${k}`;
      const src = pick(sources);
      const published = new Date(day0 + eventDay * 86_400_000 + Math.floor(r() * 2.5 * 86_400_000)).toISOString();
      const words: string[] = [];
      const aName = `${a.name}`;
      const bName = `${b.name}`;
      words.push(aName, mode === 'phone' ? 'held a phone call with' : mode === 'visit' ? 'received a visit from' : 'met', bName, 'on', 'Monday.');
      for (let w = 0; w < 110; w++) {
        const x = r();
        words.push(x < 0.45 ? pick(topic) : x < 0.75 ? pick(common) : pick(vocab));
        if (w % 18 === 17) words.push('.');
      }
      const text = words.join(' ').replace(/ \./g, '.');
      const sentences = [];
      let off = 0;
      let idx = 0;
      for (const piece of text.split(/(?<=\.)\s+/)) {
        const start = text.indexOf(piece, off);
        sentences.push({ start, end: start + piece.length, index: idx++, paragraph: 0 });
        off = start + piece.length;
      }
      const actors: DocActor[] = [
        { id: a.id, name: a.name, type: 'person', country: a.country, sector: 'GOV', mentions: [{ start: 0, end: aName.length, text: aName, sentence: 0 }] },
        { id: b.id, name: b.name, type: 'person', country: b.country, sector: 'GOV', mentions: [] },
        { id: a.country.toLowerCase(), name: a.country, type: 'country', country: a.country, sector: 'GOV', mentions: [] },
      ];
      if (r() < 0.3) actors.push({ id: 'hegemon', name: 'Hegemon', type: 'country', country: 'HEG', sector: 'GOV', mentions: [] });
      const weights = issues.map(() => r());
      const total = weights.reduce((x, y) => x + y, 0);
      const docIssues: DocIssue[] = issues.map((i, j) => ({ id: i, label: i, weight: weights[j]! / total, mentions: [] }));
      const hasEvent = r() < 0.85;
      const analysis: Analysis = {
        documentId: id, lang: 'en', sentences, actors, issues: docIssues, quotes: [], claims: [], commitments: [],
        events: hasEvent ? [{
          type: 'CONSULT', mode, context: [], cameo: '04', goldstein: 1, actors: [a.id], recipients: [b.id],
          date: r() < 0.9 ? date : null, start: 0, end: sentences[0]!.end, text: text.slice(0, sentences[0]!.end), sentence: 0,
        }] : [],
        provenance: [],
      };
      const document: Document = {
        id, url: `https://example.org/${src.id}/${id}`, canonicalUrl: null, sourceId: src.id, title: `${aName} and ${bName} ${pick(topic)}`,
        byline: null, publishedAt: published, modifiedAt: null, lang: 'en', siteName: src.name, text, contentHash: id,
        fetchedAt: published, extractor: { name: 'synthetic', version: '1' },
      };
      items.push({ document, analysis, source: src });
      gold.set(id, label);
    }
  }
  return { items, gold };
}
