// Deterministic synthetic diplomatic news, for scale benchmarks. Every document is a pure function
// of (seed, index), so the corpus streams (nothing is held in memory) and workers in other
// processes can rebuild any document from its index. Shape:
//   - 200–1,200 words per document, from one shared vocabulary (so search terms hit many rows);
//   - events cluster in time: each block of BLOCK documents covers a few events a few days apart,
//     and a document's publication time trails its event's date by hours;
//   - ~15% are syndicated near-duplicates of an earlier document of the same event (a new outlet,
//     a dateline, a credit line and a few words changed).
// All text is generated here from our own word lists.
import { createHash } from 'node:crypto';
import type { Comparison, Document, SourceKind, Story } from '../src/domain/index.js';
import { seededRandom } from './seeded-random.js';

export interface SyntheticCorpusOptions {
  seed: number;
  /** First event date, ISO. */
  start?: string;
  /** Days between consecutive blocks of documents. */
  daysPerBlock?: number;
}

export interface SyntheticDocument {
  index: number;
  document: Document;
  eventId: string;
  /** Index of the document this one copies, or null for an original. */
  syndicatedFrom: number | null;
}

export interface SyntheticEvent {
  id: string;
  date: string;
  actors: [string, string];
  kind: string;
  issues: string[];
}

/** Documents per block; each block holds EVENTS_PER_BLOCK events. */
export const BLOCK = 40;
const EVENTS_PER_BLOCK = 3;
const EVENT_WEIGHTS = [0.5, 0.3, 0.2];
export const SYNDICATION_RATE = 0.15;

const LEADERS: [string, string, string][] = [
  ['Xi Jinping', 'China', 'Beijing'], ['Donald Trump', 'the United States', 'Washington'],
  ['Vladimir Putin', 'Russia', 'Moscow'], ['Narendra Modi', 'India', 'New Delhi'],
  ['Sanae Takaichi', 'Japan', 'Tokyo'], ['Lee Jae-myung', 'South Korea', 'Seoul'],
  ['Emmanuel Macron', 'France', 'Paris'], ['Friedrich Merz', 'Germany', 'Berlin'],
  ['Keir Starmer', 'the United Kingdom', 'London'], ['Volodymyr Zelensky', 'Ukraine', 'Kyiv'],
  ['Luiz Inacio Lula da Silva', 'Brazil', 'Brasilia'], ['Recep Tayyip Erdogan', 'Turkey', 'Ankara'],
];
const EVENT_KINDS = ['phone call', 'summit', 'state visit', 'talks', 'video call', 'meeting on the sidelines of a summit'];
const ISSUES: Record<string, string[]> = {
  trade: ['trade', 'tariffs', 'the trade deficit', 'market access', 'supply chains'],
  agriculture: ['soybean purchases', 'farm exports', 'grain shipments', 'agricultural trade'],
  taiwan: ['the Taiwan question', 'cross-strait relations', 'arms sales to Taiwan'],
  ukraine: ['the war in Ukraine', 'a ceasefire', 'peace negotiations', 'prisoner exchanges'],
  technology: ['export controls', 'semiconductors', 'chips', 'artificial intelligence'],
  minerals: ['rare earths', 'critical minerals', 'lithium supplies', 'magnet exports'],
  fentanyl: ['fentanyl', 'precursor chemicals', 'drug trafficking'],
  security: ['military communication', 'maritime security', 'nuclear arms control', 'the South China Sea'],
  climate: ['climate cooperation', 'clean energy', 'emissions targets'],
  summitry: ['a visit next year', 'the next summit', 'a reciprocal visit', 'high-level exchanges'],
};
const ISSUE_IDS = Object.keys(ISSUES);
const SOURCES: [string, string, SourceKind, string][] = [
  ['whitehouse', 'The White House', 'government', 'USA'], ['china-mfa', 'Ministry of Foreign Affairs of China', 'government', 'CHN'],
  ['xinhua', 'Xinhua', 'state-media', 'CHN'], ['cgtn', 'CGTN', 'state-media', 'CHN'], ['tass', 'TASS', 'state-media', 'RUS'],
  ['kremlin', 'Kremlin', 'government', 'RUS'], ['mea-india', 'Ministry of External Affairs', 'government', 'IND'],
  ['reuters', 'Reuters', 'wire', 'GBR'], ['ap', 'Associated Press', 'wire', 'USA'], ['afp', 'AFP', 'wire', 'FRA'],
  ['kyodo', 'Kyodo', 'wire', 'JPN'], ['yonhap', 'Yonhap', 'wire', 'KOR'], ['bloomberg', 'Bloomberg', 'press', 'USA'],
  ['nyt', 'The New York Times', 'press', 'USA'], ['ft', 'Financial Times', 'press', 'GBR'], ['scmp', 'South China Morning Post', 'press', 'HKG'],
  ['globaltimes', 'Global Times', 'state-media', 'CHN'], ['lemonde', 'Le Monde', 'press', 'FRA'], ['hindu', 'The Hindu', 'press', 'IND'],
  ['nikkei', 'Nikkei Asia', 'press', 'JPN'], ['guardian', 'The Guardian', 'press', 'GBR'], ['politico', 'Politico', 'press', 'USA'],
  ['dw', 'Deutsche Welle', 'press', 'DEU'], ['aljazeera', 'Al Jazeera', 'press', 'QAT'], ['think-tank', 'A Policy Institute', 'commentary', 'USA'],
];
const WIRES = SOURCES.filter((s) => s[2] === 'wire' || s[2] === 'state-media');
const VERBS = ['said', 'stressed', 'noted', 'told reporters', 'stated', 'underlined', 'added', 'insisted'];
const STANCES = ['welcomed progress on', 'expressed concern over', 'called for dialogue on', 'warned against unilateral moves on',
  'pledged to deepen cooperation on', 'reiterated its position on', 'urged restraint regarding', 'agreed to keep talking about'];
const FILLER_SUBJECTS = ['Analysts', 'Diplomats', 'Officials familiar with the talks', 'Trade economists', 'Observers in the region', 'Market participants'];
const FILLER_VERBS = ['expect', 'cautioned that', 'believe', 'pointed out that', 'suggested that', 'doubt whether'];
const FILLER_TAILS = ['the outcome will shape markets for months', 'implementation details remain unclear',
  'both capitals face pressure at home', 'the agreement may not survive the next dispute', 'a joint statement could follow',
  'the language of the readouts differs in important ways', 'the working groups will meet again soon',
  'shipping and insurance costs could fall', 'allies were briefed in advance', 'the timetable is ambitious'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** splitmix32-style integer mixing: a stable seed for (seed, stream, index). */
function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const rng = seededRandom;

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export interface SyntheticCorpus {
  documentAt(index: number): SyntheticDocument;
  event(block: number, slot: number): SyntheticEvent;
  /** Streams documents [from, to). */
  documents(from: number, to: number): Generator<SyntheticDocument>;
  /** The stories (one per event with documents) of the blocks covering [from, to). */
  stories(from: number, to: number): Generator<Story>;
}

export function createSyntheticCorpus(options: SyntheticCorpusOptions): SyntheticCorpus {
  const seed = options.seed >>> 0;
  const start = Date.parse(options.start ?? '2024-01-01T00:00:00Z');
  const daysPerBlock = options.daysPerBlock ?? 2;

  function event(block: number, slot: number): SyntheticEvent {
    const r = rng(mix(seed, 1, block, slot));
    const a = Math.floor(r() * LEADERS.length);
    let b = Math.floor(r() * (LEADERS.length - 1));
    if (b >= a) b++;
    const issues = [...ISSUE_IDS].sort(() => r() - 0.5).slice(0, 2 + Math.floor(r() * 3));
    const date = new Date(start + (block * daysPerBlock + slot * 0.6 + r() * 0.4) * 86_400_000);
    return {
      id: `ev-${seed}-${block}-${slot}`,
      date: date.toISOString(),
      actors: [LEADERS[a]![0], LEADERS[b]![0]],
      kind: pick(r, EVENT_KINDS),
      issues,
    };
  }

  function eventSlot(index: number): number {
    const u = rng(mix(seed, 2, index))();
    let acc = 0;
    for (let s = 0; s < EVENTS_PER_BLOCK; s++) {
      acc += EVENT_WEIGHTS[s]!;
      if (u < acc) return s;
    }
    return EVENTS_PER_BLOCK - 1;
  }

  /** The earlier document of the same block and event that `index` copies, if it is a copy. */
  function copyOf(index: number): number | null {
    const r = rng(mix(seed, 3, index));
    if (r() >= SYNDICATION_RATE) return null;
    const blockStart = index - (index % BLOCK);
    const slot = eventSlot(index);
    for (let j = index - 1 - Math.floor(r() * 3); j >= blockStart; j--) if (eventSlot(j) === slot) return j;
    return null;
  }

  function leaderInfo(name: string): [string, string, string] {
    return LEADERS.find((l) => l[0] === name) ?? LEADERS[0]!;
  }

  function original(index: number, ev: SyntheticEvent): { title: string; text: string; source: (typeof SOURCES)[number]; published: number } {
    const r = rng(mix(seed, 4, index));
    const source = pick(r, SOURCES);
    const [a, b] = ev.actors.map(leaderInfo) as [[string, string, string], [string, string, string]];
    const target = 200 + Math.floor(r() ** 1.3 * 950);
    const issuePhrase = () => pick(r, ISSUES[pick(r, ev.issues)]!);
    const weekday = WEEKDAYS[new Date(ev.date).getUTCDay()]!;
    const sentences: (() => string)[] = [
      () => `${a[0]} ${pick(r, VERBS)} during the ${ev.kind} with ${b[0]} that ${a[1]} ${pick(r, STANCES)} ${issuePhrase()}.`,
      () => `${b[0]} ${pick(r, VERBS)} that ${b[1]} ${pick(r, STANCES)} ${issuePhrase()} and ${issuePhrase()}.`,
      () => `According to ${pick(r, SOURCES)[1]}, the two sides discussed ${issuePhrase()} on ${weekday}.`,
      () => `A spokesperson in ${a[2]} said the ${ev.kind} was "candid and constructive" and covered ${issuePhrase()}.`,
      () => `Officials in ${b[2]} ${pick(r, STANCES)} ${issuePhrase()}, ${pick(r, VERBS)} a senior diplomat.`,
      () => `${pick(r, FILLER_SUBJECTS)} ${pick(r, FILLER_VERBS)} ${pick(r, FILLER_TAILS)}.`,
      () => `${pick(r, FILLER_SUBJECTS)} ${pick(r, FILLER_VERBS)} ${pick(r, FILLER_TAILS)}, while ${issuePhrase()} remained on the agenda.`,
    ];
    const paragraphs: string[] = [];
    let words = 0;
    while (words < target) {
      const para: string[] = [];
      const n = 2 + Math.floor(r() * 4);
      for (let k = 0; k < n; k++) {
        const s = pick(r, sentences)();
        para.push(s);
        words += s.split(' ').length;
      }
      paragraphs.push(para.join(' '));
    }
    const title = `${a[0]} and ${b[0]} hold ${ev.kind}, discuss ${issuePhrase()}`;
    const published = Date.parse(ev.date) + (-Math.log(1 - r() * 0.999) * 8 + 0.5) * 3_600_000;
    return { title, text: paragraphs.join('\n\n'), source, published };
  }

  function documentAt(index: number): SyntheticDocument {
    const block = Math.floor(index / BLOCK);
    const ev = event(block, eventSlot(index));
    const from = copyOf(index);
    let title: string;
    let text: string;
    let source: (typeof SOURCES)[number];
    let published: number;
    if (from === null) {
      ({ title, text, source, published } = original(index, ev));
    } else {
      const base = documentAt(from).document;
      const r = rng(mix(seed, 5, index));
      source = pick(r, SOURCES);
      const wire = pick(r, WIRES);
      const city = leaderInfo(ev.actors[0])[2].toUpperCase();
      const words = base.text.split(' ');
      for (let k = 0; k < Math.max(1, words.length / 60); k++) {
        const at = Math.floor(r() * words.length);
        if (!(words[at] ?? '').includes('\n')) words[at] = pick(r, ['reportedly', 'also', 'again', 'further', 'publicly']);
      }
      title = r() < 0.5 ? base.title : `UPDATE: ${base.title}`;
      text = `${city} (${wire[1]}) — ${words.join(' ')}\n\nReporting by ${wire[1]} staff; editing by ${source[1]}.`;
      published = Date.parse(base.publishedAt ?? ev.date) + (1 + r() * 12) * 3_600_000;
    }
    const publishedAt = new Date(published).toISOString();
    const document: Document = {
      id: `syn-${seed}-${index}`,
      url: `https://${source[0]}.example/news/${seed}/${index}`,
      canonicalUrl: `https://${source[0]}.example/news/${seed}/${index}`,
      sourceId: source[0],
      title,
      byline: null,
      publishedAt,
      modifiedAt: null,
      lang: 'en',
      siteName: source[1],
      text,
      contentHash: sha256(text),
      fetchedAt: publishedAt,
      extractor: { name: 'synthetic', version: '1' },
      html: null,
    };
    return { index, document, eventId: ev.id, syndicatedFrom: from };
  }

  function* documents(from: number, to: number): Generator<SyntheticDocument> {
    for (let i = from; i < to; i++) yield documentAt(i);
  }

  function* stories(from: number, to: number): Generator<Story> {
    for (let block = Math.floor(from / BLOCK); block * BLOCK < to; block++) {
      const members: string[][] = Array.from({ length: EVENTS_PER_BLOCK }, () => []);
      for (let i = block * BLOCK; i < Math.min(to, (block + 1) * BLOCK); i++) members[eventSlot(i)]!.push(`syn-${seed}-${i}`);
      for (let slot = 0; slot < EVENTS_PER_BLOCK; slot++) {
        const ids = members[slot]!;
        if (ids.length === 0) continue;
        const ev = event(block, slot);
        const end = new Date(Date.parse(ev.date) + 3 * 86_400_000).toISOString();
        yield {
          id: `story-${ev.id}`,
          title: `${ev.actors[0]} and ${ev.actors[1]}: ${ev.kind}`,
          start: ev.date,
          end,
          mainEvent: { type: 'CONSULT', mode: ev.kind.includes('call') ? 'phone' : 'visit', actors: [...ev.actors], date: ev.date.slice(0, 10) },
          documentIds: ids,
          links: [],
          provenance: { stage: 'synthetic', version: '1', inputHash: ev.id },
        };
      }
    }
  }

  return { documentAt, event, documents, stories };
}

/** A realistic-sized comparison for a story of `documentIds.length` documents. */
export function syntheticComparison(story: Pick<Story, 'id' | 'title' | 'start' | 'end'>, documentIds: readonly string[], seed = 1): Comparison {
  const r = rng(mix(seed, 6, documentIds.length));
  const sides = SOURCES.map(([key, name, kind, country]) => ({
    key, name, kind, country,
    documentIds: documentIds.filter(() => r() < 1 / SOURCES.length * 1.2),
  }));
  const emphasis: Record<string, Record<string, number>> = {};
  for (const s of sides) emphasis[s.key] = Object.fromEntries(ISSUE_IDS.map((i) => [i, Math.round(r() * 1000) / 1000]));
  const sentence = () => `${pick(r, FILLER_SUBJECTS)} ${pick(r, FILLER_VERBS)} ${pick(r, FILLER_TAILS)}.`;
  return {
    story: { id: story.id, title: story.title, start: story.start, end: story.end },
    sources: sides,
    emphasis,
    emphasisByGroup: { 'kind:government': emphasis.whitehouse ?? {}, 'kind:state-media': emphasis.xinhua ?? {} },
    unique: documentIds.slice(0, 150).map((documentId, k) => ({
      source: pick(r, SOURCES)[0], documentId, sentence: k % 20, text: sentence(), start: k * 10, end: k * 10 + 60, issues: [pick(r, ISSUE_IDS)],
    })),
    omissions: Array.from({ length: 40 }, () => ({ source: pick(r, SOURCES)[0], issue: pick(r, ISSUE_IDS), coveredBy: [pick(r, SOURCES)[0], pick(r, SOURCES)[0]], reason: 'not mentioned' })),
    contradictions: Array.from({ length: 10 }, (_, k) => ({
      kind: 'initiator', topic: 'who requested the call',
      sides: [0, 1].map((s) => ({ source: pick(r, SOURCES)[0], documentId: documentIds[(k * 2 + s) % documentIds.length] ?? '', sentence: 1, text: sentence(), value: s === 0 ? 'USA' : 'CHN', start: 0, end: 40 })),
    })),
    relays: Array.from({ length: 30 }, () => ({ from: pick(r, WIRES)[0], to: pick(r, SOURCES)[0], count: 1 + Math.floor(r() * 9), documentIds: documentIds.slice(0, 5) })),
    reusedQuotes: Array.from({ length: 20 }, () => ({ text: sentence(), speaker: pick(r, LEADERS)[0], sources: [pick(r, SOURCES)[0], pick(r, SOURCES)[0]] })),
    tone: Object.fromEntries(SOURCES.map(([key]) => [key, Math.round((r() * 2 - 1) * 100) / 100])),
  };
}
