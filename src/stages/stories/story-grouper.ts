// Groups documents about the same real-world event into stories, incrementally.
// Candidates come from a day-bucketed index (published date ± windowDays), so adding a document
// costs the same whether 40 or 100,000 came before it. Look-alike events (same leaders on
// another date, other leaders the next day) are kept apart by a hard rule on the main event.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ReadoutError } from '../../domain/index.js';
import type { Story } from '../../domain/index.js';
import {
  DEFAULT_EVENT_RANKING, dayNumber, eventSignatures, relateEvents, signatureKey,
  type EventSignature,
} from './main-event.js';
import type { StoryItem } from './story-item.js';
import {
  DocumentFrequency, dot, topCosine, minHash, minHashSimilarity, shingleHashes, termFrequencies, tfidfVector, tokenize,
  type SparseVector,
} from './text-features.js';

export const STORY_STAGE_VERSION = '1';

export const storyGrouperOptionsSchema = z.object({
  /** A document joins a story only if published within this many days of one of its documents. */
  windowDays: z.number().min(0).default(5),
  /** Two mentions of an event are the same event if their dates differ by at most this. */
  eventDateToleranceDays: z.number().min(0).default(1),
  /** Minimum score to join a story rather than start one. */
  threshold: z.number().min(0).max(1).default(0.2),
  /** Estimated shingle Jaccard above which a document is a near-duplicate of a story member. */
  duplicateThreshold: z.number().min(0).max(1).default(0.5),
  /** MinHash sketch size for near-duplicate tests. */
  sketchSize: z.number().int().min(8).max(128).default(32),
  weights: z.object({
    event: z.number().min(0).default(0.2),
    actors: z.number().min(0).default(0.4),
    text: z.number().min(0).default(0.4),
    duplicate: z.number().min(0).default(0.1),
    /** Title similarity (off by default: it did not help on the sample corpus). */
    title: z.number().min(0).default(0),
  }).default({ event: 0.2, actors: 0.4, text: 0.4, duplicate: 0.1, title: 0 }),
  stopwords: z.array(z.string()).default([]),
  /** Terms kept per document vector. */
  maxTerms: z.number().int().min(1).default(150),
  /** Heaviest terms of a document compared with a story's centroid (the centroid keeps maxTerms per document). */
  scoreTerms: z.number().int().min(1).default(150),
  /** Sentences counted as the lead, where an actor's mention weighs more. */
  leadSentences: z.number().int().min(0).default(2),
  /** Candidate stories fully scored per document (best by shared index keys). */
  maxCandidates: z.number().int().min(1).default(6),
  /** Words per shingle for near-duplicate detection. */
  shingleSize: z.number().int().min(2).default(6),
  /** Members per story kept for near-duplicate tests. */
  duplicateSample: z.number().int().min(1).default(6),
  /** Merge stories whose main events turn out to be the same (makes the result less order-dependent). */
  consolidate: z.boolean().default(true),
});
export type StoryGrouperOptions = z.input<typeof storyGrouperOptionsSchema>;
type Options = z.output<typeof storyGrouperOptionsSchema>;

export interface StoryGrouper {
  /** Adds a document; returns the id of the story it now belongs to. */
  add(item: StoryItem): string;
  /** Counts terms for IDF without grouping (used to warm up before a batch). */
  observe(item: StoryItem): void;
  /** All stories so far, sorted by start then id. */
  stories(): Story[];
  /** The current story id of a document, or null. */
  storyOf(documentId: string): string | null;
  /**
   * Re-places every document in the story that now fits it best (k-means style), so early
   * documents are judged against the finished stories. `order` lists document ids to revisit.
   */
  refine(order: string[]): number;
}

interface DocFeatures {
  id: string;
  contentHash: string;
  title: string;
  published: string;
  /** Milliseconds since the epoch of `published`, for ordering across time zones. */
  time: number;
  day: number;
  main: EventSignature | null;
  events: EventSignature[];
  actors: string[];
  /** Unit vector of actor salience: IDF × (mentions, more in the title and lead). */
  actorVector: SparseVector;
  vector: SparseVector;
  titleVector: SparseVector;
  sketch: Uint32Array;
  keys: string[];
}

interface StoryState {
  index: number;
  alive: boolean;
  docs: DocFeatures[];
  actorCount: Map<string, number>;
  actorCentroid: Map<string, number>;
  actorNorm2: number;
  centroid: Map<string, number>;
  centroidNorm2: number;
  titleCentroid: Map<string, number>;
  titleNorm2: number;
  votes: Map<string, { sig: EventSignature; weight: number }>;
  main: EventSignature | null;
  mainDirty: boolean;
  earliest: DocFeatures | null;
  /** Display names of actors, for titles. */
  names: Map<string, { name: string; type: string }>;
}

function earlier(a: DocFeatures, b: DocFeatures): boolean {
  return a.time < b.time || (a.time === b.time && a.id < b.id);
}

const mainKeyOf = (s: EventSignature): string => signatureKey(s);

/** How far an event signature can be trusted: both sides named, and a date. */
function confidence(sig: EventSignature): number {
  return (sig.participants.length >= 2 ? 0.6 : 0.2) + (sig.date ? 0.4 : 0);
}

function datesWithin(a: string | null, b: string | null, days: number): boolean {
  if (a === null || b === null) return true;
  const da = dayNumber(a);
  const db = dayNumber(b);
  return da === null || db === null || Math.abs(da - db) <= days;
}

function voteWeight(sig: EventSignature): number {
  return confidence(sig) + sig.weight / 1000;
}

/** Who a document is about: actors weighted by rarity and by mentions, above all in the title and lead. */
function actorSalience(item: StoryItem, df: DocumentFrequency, leadSentences: number): SparseVector {
  const title = item.document.title;
  const out = new Map<string, number>();
  let norm = 0;
  for (const a of item.analysis.actors) {
    const lead = a.mentions.filter((m) => m.sentence < leadSentences).length;
    const inTitle = [a.name, ...new Set(a.mentions.map((m) => m.text))].some((n) => n.length > 1 && title.includes(n)) ? 1 : 0;
    const w = df.idf(a.id) * (Math.log(1 + a.mentions.length) + Math.log(1 + lead) + 2 * inTitle);
    if (w <= 0) continue;
    out.set(a.id, (out.get(a.id) ?? 0) + w);
  }
  for (const w of out.values()) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  for (const [k, w] of out) out.set(k, w / norm);
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "2025-11-24" → "24 Nov 2025"; "2025-10" → "Oct 2025". */
function humanDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  const month = m ? MONTHS[Number(m) - 1] ?? m : '';
  return [d ? String(Number(d)) : '', month, y ?? ''].filter((x) => x).join(' ');
}

const MODE_LABEL: Record<string, string> = { phone: 'phone call', visit: 'visit', meeting: 'meeting', summit: 'summit', talks: 'talks' };

function eventLabel(sig: EventSignature): string {
  if (sig.mode && MODE_LABEL[sig.mode]) return MODE_LABEL[sig.mode] ?? sig.mode;
  return sig.mode ? `${sig.type.toLowerCase()} (${sig.mode})` : sig.type.toLowerCase();
}

export function createStoryGrouper(options: StoryGrouperOptions = {}): StoryGrouper {
  const parsed = storyGrouperOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ReadoutError('E_CONFIG', `story grouper options: ${parsed.error.issues[0]?.message ?? 'invalid'}; check the options passed to createStoryGrouper`);
  }
  const opt: Options = parsed.data;
  const stop = new Set(opt.stopwords.map((w) => w.toLowerCase()));
  const termDf = new DocumentFrequency(1);
  // Actors keep a floor: "China" in every document still says something about who a story is about.
  const actorDf = new DocumentFrequency(1);
  const observed = new Set<string>();
  const states: StoryState[] = [];
  const storyOfDoc = new Map<string, StoryState>();
  // day → index key → story indexes having a document with that key on that day
  const postings = new Map<number, Map<string, number[]>>();

  function observeFeatures(item: StoryItem, tokens?: string[]): Map<string, number> {
    const tf = termFrequencies(tokens ?? tokenize(`${item.document.title}\n${item.document.text}`), stop);
    if (!observed.has(item.document.id)) {
      observed.add(item.document.id);
      termDf.observe(tf.keys());
      actorDf.observe(new Set(item.analysis.actors.map((a) => a.id)));
    }
    return tf;
  }

  function features(item: StoryItem): DocFeatures {
    const doc = item.document;
    const titleTokens = tokenize(doc.title);
    const textTokens = tokenize(doc.text);
    const tf = observeFeatures(item, [...titleTokens, ...textTokens]);
    const events = eventSignatures(item.analysis, DEFAULT_EVENT_RANKING);
    const main = events[0] ?? null;
    const published = doc.publishedAt ?? main?.date ?? doc.fetchedAt;
    const day = dayNumber(published);
    const time = Date.parse(published.length === 10 ? `${published}T00:00:00Z` : published);
    if (day === null || Number.isNaN(time)) {
      throw new ReadoutError('E_STAGE', `document ${doc.id} has no usable date ("${published}"); give it a publishedAt`);
    }
    const vector = tfidfVector(tf, termDf, opt.maxTerms);
    const actors = [...new Set(item.analysis.actors.map((a) => a.id))];
    const actorVector = actorSalience(item, actorDf, opt.leadSentences);
    const topTerms = [...vector.keys()].slice(0, 10);
    const keys = [...actors.map((a) => `a:${a}`), ...topTerms.map((t) => `t:${t}`)];
    if (main) keys.push(`e:${mainKeyOf(main)}`);
    return {
      id: doc.id, contentHash: doc.contentHash, title: doc.title, published, time, day, main, events, actors, actorVector,
      vector, titleVector: tfidfVector(termFrequencies(titleTokens, stop), termDf, 20), sketch: minHash(shingleHashes(textTokens, opt.shingleSize), opt.sketchSize), keys,
    };
  }

  function storyMain(s: StoryState): EventSignature | null {
    if (!s.mainDirty) return s.main;
    let best: { sig: EventSignature; weight: number } | null = null;
    for (const v of [...s.votes.values()].sort((a, b) => (mainKeyOf(a.sig) < mainKeyOf(b.sig) ? -1 : 1))) {
      if (!best || v.weight > best.weight) best = v;
    }
    s.main = best ? best.sig : null;
    s.mainDirty = false;
    return s.main;
  }

  function keyWeight(key: string): number {
    if (key.startsWith('a:')) return actorDf.idf(key.slice(2));
    if (key.startsWith('t:')) return termDf.idf(key.slice(2)) * 0.5;
    return 3;
  }

  function candidates(f: DocFeatures): StoryState[] {
    const hits = new Map<number, number>();
    for (let d = f.day - opt.windowDays; d <= f.day + opt.windowDays; d++) {
      const bucket = postings.get(d);
      if (!bucket) continue;
      for (const key of f.keys) {
        const list = bucket.get(key);
        if (!list) continue;
        const w = keyWeight(key);
        for (const idx of list) hits.set(idx, (hits.get(idx) ?? 0) + w);
      }
    }
    const ranked = [...hits].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, opt.maxCandidates);
    const out: StoryState[] = [];
    for (const [idx] of ranked) {
      let s = states[idx];
      while (s && !s.alive) s = states[redirect.get(s.index) ?? -1];
      if (s && !out.includes(s)) out.push(s);
    }
    return out;
  }

  /** Score of a document against a story, or -1 when a look-alike rule keeps them apart. */
  function score(f: DocFeatures, s: StoryState): number {
    const sm = storyMain(s);
    let event = 0;
    if (sm && f.main) {
      const rel = relateEvents(f.main, sm, opt.eventDateToleranceDays);
      // A document mainly about a look-alike event (same leaders another day, another leader
      // the next day) never joins, even if it mentions this story's event in passing.
      if (rel === 'conflict') return -1;
      // Two well-attested events with no party in common are different events, whatever the words.
      // Nor are two well-attested events of different kinds on different dates.
      if (rel === 'unrelated' && confidence(f.main) >= 1 && confidence(sm) >= 1
        && (!f.main.participants.some((p) => sm.participants.includes(p)) || !datesWithin(f.main.date, sm.date, opt.eventDateToleranceDays))) return -1;
      if (rel === 'same') event = Math.min(confidence(f.main), confidence(sm));
      else if (f.events.some((e) => relateEvents(e, sm, opt.eventDateToleranceDays) === 'same')) event = 0.6;
    }
    const actors = s.actorNorm2 > 0 ? dot(f.actorVector, s.actorCentroid) / Math.sqrt(s.actorNorm2) : 0;
    const text = topCosine(f.vector, s.centroid, s.centroidNorm2, opt.scoreTerms);
    let dup = 0;
    for (const d of s.docs.slice(0, opt.duplicateSample)) {
      dup = Math.max(dup, minHashSimilarity(f.sketch, d.sketch));
    }
    if (dup >= opt.duplicateThreshold) return 1;
    const w = opt.weights;
    const title = w.title > 0 && s.titleNorm2 > 0 ? dot(f.titleVector, s.titleCentroid) / Math.sqrt(s.titleNorm2) : 0;
    return w.event * event + w.actors * actors + w.text * text + w.duplicate * dup + w.title * title;
  }

  function register(s: StoryState, f: DocFeatures): void {
    let bucket = postings.get(f.day);
    if (!bucket) postings.set(f.day, (bucket = new Map()));
    for (const key of f.keys) {
      const list = bucket.get(key);
      if (!list) bucket.set(key, [s.index]);
      else if (list[list.length - 1] !== s.index && !list.includes(s.index)) list.push(s.index);
    }
  }

  function attach(s: StoryState, f: DocFeatures): void {
    s.docs.push(f);
    if (!s.earliest || earlier(f, s.earliest)) s.earliest = f;
    for (const a of f.actors) s.actorCount.set(a, (s.actorCount.get(a) ?? 0) + 1);
    for (const [a, w] of f.actorVector) {
      const old = s.actorCentroid.get(a) ?? 0;
      s.actorCentroid.set(a, old + w);
      s.actorNorm2 += (old + w) * (old + w) - old * old;
    }
    for (const [t, w] of f.vector) {
      const old = s.centroid.get(t) ?? 0;
      s.centroid.set(t, old + w);
      s.centroidNorm2 += (old + w) * (old + w) - old * old;
    }
    for (const [t, w] of f.titleVector) {
      const old = s.titleCentroid.get(t) ?? 0;
      s.titleCentroid.set(t, old + w);
      s.titleNorm2 += (old + w) * (old + w) - old * old;
    }
    if (f.main) {
      const k = `${mainKeyOf(f.main)}|${f.main.date ?? ''}`;
      const v = s.votes.get(k);
      if (v) v.weight += voteWeight(f.main);
      else s.votes.set(k, { sig: f.main, weight: voteWeight(f.main) });
      s.mainDirty = true;
    }
    storyOfDoc.set(f.id, s);
    register(s, f);
  }

  /** Takes a document out of its story (for refinement); postings stay and are filtered on use. */
  function detach(s: StoryState, f: DocFeatures): void {
    s.docs = s.docs.filter((d) => d !== f);
    for (const a of f.actors) {
      const n = (s.actorCount.get(a) ?? 0) - 1;
      if (n > 0) s.actorCount.set(a, n);
      else s.actorCount.delete(a);
    }
    const subtract = (m: Map<string, number>, v: SparseVector): number => {
      let delta = 0;
      for (const [k, w] of v) {
        const old = m.get(k) ?? 0;
        const now = old - w;
        delta += now * now - old * old;
        if (Math.abs(now) < 1e-12) m.delete(k);
        else m.set(k, now);
      }
      return delta;
    };
    s.actorNorm2 = Math.max(0, s.actorNorm2 + subtract(s.actorCentroid, f.actorVector));
    s.centroidNorm2 = Math.max(0, s.centroidNorm2 + subtract(s.centroid, f.vector));
    s.titleNorm2 = Math.max(0, s.titleNorm2 + subtract(s.titleCentroid, f.titleVector));
    if (f.main) {
      const k = `${mainKeyOf(f.main)}|${f.main.date ?? ''}`;
      const v = s.votes.get(k);
      if (v) {
        v.weight -= voteWeight(f.main);
        if (v.weight <= 1e-9) s.votes.delete(k);
      }
      s.mainDirty = true;
    }
    if (s.earliest === f) s.earliest = s.docs.reduce<DocFeatures | null>((m, d) => (!m || earlier(d, m) ? d : m), null);
    storyOfDoc.delete(f.id);
  }

  function bestStory(f: DocFeatures): StoryState | null {
    let best: StoryState | null = null;
    let bestScore = opt.threshold;
    for (const s of candidates(f)) {
      if (s.docs.length === 0) continue;
      const sc = score(f, s);
      if (sc >= bestScore && (sc > bestScore || !best || s.index < best.index)) {
        best = s;
        bestScore = sc;
      }
    }
    return best;
  }

  const redirect = new Map<number, number>();

  function newStory(): StoryState {
    const s: StoryState = {
      index: states.length, alive: true, docs: [], actorCount: new Map(), actorCentroid: new Map(), actorNorm2: 0, centroid: new Map(), centroidNorm2: 0,
      titleCentroid: new Map(), titleNorm2: 0,
      votes: new Map(), main: null, mainDirty: false, earliest: null, names: new Map(),
    };
    states.push(s);
    return s;
  }

  function merge(into: StoryState, from: StoryState): void {
    for (const [id, n] of from.names) if (!into.names.has(id)) into.names.set(id, n);
    for (const f of from.docs) attach(into, f);
    from.alive = false;
    from.docs = [];
    redirect.set(from.index, into.index);
  }

  function consolidate(): void {
    const live = states.filter((s) => s.alive && s.docs.length > 0);
    const byKey = new Map<string, StoryState[]>();
    for (const s of live) {
      const m = storyMain(s);
      if (!m || m.date === null || m.participants.length < 2) continue;
      const k = mainKeyOf(m);
      const list = byKey.get(k);
      if (list) list.push(s);
      else byKey.set(k, [s]);
    }
    for (const list of byKey.values()) {
      if (list.length < 2) continue;
      list.sort((a, b) => b.docs.length - a.docs.length || a.index - b.index);
      for (let i = 0; i < list.length; i++) {
        const a = list[i];
        if (!a || !a.alive) continue;
        for (let j = i + 1; j < list.length; j++) {
          const b = list[j];
          if (!b || !b.alive) continue;
          const ma = storyMain(a);
          const mb = storyMain(b);
          if (ma && mb && relateEvents(ma, mb, opt.eventDateToleranceDays) === 'same') merge(a, b);
        }
      }
    }
  }

  /** Derived from the earliest document and the main event, so the same documents give the same id. */
  function storyId(s: StoryState): string {
    const main = storyMain(s);
    const mainKey = main ? `${mainKeyOf(main)}|${main.date ?? ''}` : '';
    return `story-${createHash('sha256').update(`${s.earliest?.id ?? ''}|${mainKey}`).digest('hex').slice(0, 16)}`;
  }

  function toStory(s: StoryState): Story {
    const docs = [...s.docs].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const first = docs[0]!;
    const last = docs[docs.length - 1]!;
    const main = storyMain(s);
    const names = s.names;
    let title: string;
    if (main) {
      const people = main.actors.filter((a) => names.get(a)?.type === 'person');
      const shown = (people.length >= 2 ? people : main.actors).slice(0, 4).map((a) => names.get(a)?.name ?? a);
      title = `${shown.join(' – ')} ${eventLabel(main)}${main.date ? `, ${humanDate(main.date)}` : ''}`;
    } else {
      // The most central document: the one closest to the story's centroid.
      let best = first;
      let bestScore = -1;
      for (const d of docs) {
        const c = s.centroidNorm2 > 0 ? dot(d.vector, s.centroid) : 0;
        if (c > bestScore) { bestScore = c; best = d; }
      }
      title = best.title;
    }
    const id = storyId(s);
    const inputHash = createHash('sha256').update(docs.map((d) => d.contentHash).sort().join('\n')).digest('hex');
    return {
      id,
      title,
      start: first.published,
      end: last.published,
      mainEvent: main
        ? { type: main.type, mode: main.mode, actors: [...main.actors], date: main.date }
        : { type: null, mode: null, actors: [], date: null },
      documentIds: docs.map((d) => d.id),
      links: [],
      provenance: { stage: 'stories', version: STORY_STAGE_VERSION, inputHash },
    };
  }

  return {
    observe(item) {
      observeFeatures(item);
    },
    add(item) {
      const existing = storyOfDoc.get(item.document.id);
      if (existing) return storyId(existing);
      const f = features(item);
      const best = bestStory(f);
      const target = best ?? newStory();
      for (const a of item.analysis.actors) if (!target.names.has(a.id)) target.names.set(a.id, { name: a.name, type: a.type });
      attach(target, f);
      return storyId(target);
    },
    stories() {
      if (opt.consolidate) consolidate();
      return states.filter((s) => s.alive && s.docs.length > 0).map(toStory)
        .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
    },
    refine(order) {
      let moved = 0;
      for (const id of order) {
        const s = storyOfDoc.get(id);
        const f = s?.docs.find((d) => d.id === id);
        if (!s || !f) continue;
        detach(s, f);
        const best = bestStory(f);
        const target = best ?? (s.docs.length === 0 ? s : newStory());
        if (target !== s) {
          moved++;
          for (const [aid, n] of s.names) if (!target.names.has(aid)) target.names.set(aid, n);
        }
        attach(target, f);
      }
      return moved;
    },
    storyOf(documentId) {
      const s = storyOfDoc.get(documentId);
      return s ? storyId(s) : null;
    },
  };
}

/** Groups a batch: IDF is learned from the whole batch first, then documents are added by date and id. */
export function groupStories(items: StoryItem[], options: StoryGrouperOptions = {}, refinePasses = 1): Story[] {
  const grouper = createStoryGrouper(options);
  for (const it of items) grouper.observe(it);
  const sorted = [...items].sort((a, b) => {
    const da = a.document.publishedAt ?? a.document.fetchedAt;
    const db = b.document.publishedAt ?? b.document.fetchedAt;
    return da < db ? -1 : da > db ? 1 : a.document.id < b.document.id ? -1 : a.document.id > b.document.id ? 1 : 0;
  });
  for (const it of sorted) grouper.add(it);
  const order = sorted.map((i) => i.document.id);
  for (let pass = 0; pass < refinePasses; pass++) if (grouper.refine(order) === 0) break;
  return grouper.stories();
}
