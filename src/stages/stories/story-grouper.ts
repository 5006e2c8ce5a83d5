// Groups documents about the same real-world event into stories, incrementally.
// Candidates come from a day-bucketed index (published date ± windowDays), so adding a document
// costs the same whether 40 or 100,000 came before it. Look-alike events (same leaders on
// another date, other leaders the next day) are kept apart by a hard rule on the main event.
// Features are compact (interned ids, typed arrays; see compact-features.ts) because the grouper
// keeps them for every document of a corpus and scores each document against several stories.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ReadoutError } from '../../domain/index.js';
import type { Story } from '../../domain/index.js';
import { CandidateIndex } from './candidate-index.js';
import {
  EMPTY_VECTOR, Vocabulary, WeightTable, hasId, internTerms, tfidfCompact, unitVector,
  type CompactVector, type TermCounts,
} from './compact-features.js';
import {
  confidence, documentVotes, eventEvidence, storyEvents,
  type EvidenceOptions, type MainCandidate, type Vote,
} from './event-evidence.js';
import { createGroupingReader, type GroupingReader, type GroupingRecord } from './grouping-record.js';
import {
  DEFAULT_EVENT_RANKING, dayNumber, dayOf, relateEvents, signatureKey,
  type EventSignature,
} from './main-event.js';
import { followsUp, pledgeKey, PledgeIndex, type Pledge } from './pledges.js';
import type { StoryItem } from './story-item.js';
import { isSalient, minHashSimilarity } from './text-features.js';

export const STORY_STAGE_VERSION = '2';

export const storyGrouperOptionsSchema = z.object({
  /** A document joins a story only if published within this many days of one of its documents. */
  windowDays: z.number().min(0).default(5),
  /**
   * A document that fits no story in the window may still follow up a pledge of a story within
   * this many days of it (a purchase commitment and the shipments, deadlines and completion
   * reported weeks later), unless that story is about an encounter (a call, a meeting, a visit).
   */
  followUpDays: z.number().min(0).default(60),
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
    /** A shared pledge, for follow-ups beyond the window (in place of the event, which has moved on). */
    thread: z.number().min(0).default(0.2),
  }).default({ event: 0.2, actors: 0.4, text: 0.4, duplicate: 0.1, title: 0, thread: 0.2 }),
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
  /**
   * Events of a document weighing at least this share of its main event's weight are main-event
   * candidates too: a report of the call that followed another call (and recalls it first) is not
   * kept out of the later call's story because the earlier one won the ranking by a hair.
   */
  mainEventAmbiguity: z.number().min(0).max(1).default(0.75),
  /** Share of full event credit for a merely compatible event (mode unsaid, or one party and a near date). */
  compatibleEventCredit: z.number().min(0).max(1).default(0.5),
  /**
   * Passes of refine() over the documents, stopping early when one moves nothing: a document
   * revisited before a later one has moved sees the stories as they were. After the first pass,
   * only documents of stories that gained or lost a member are revisited.
   */
  refinePasses: z.number().int().min(1).default(2),
  /** Merge stories whose main events turn out to be the same (makes the result less order-dependent). */
  consolidate: z.boolean().default(true),
});
export type StoryGrouperOptions = z.input<typeof storyGrouperOptionsSchema>;
type Options = z.output<typeof storyGrouperOptionsSchema>;

export interface StoryGrouper {
  /** Adds a document; returns the id of the story it now belongs to. */
  add(item: StoryItem): string;
  /**
   * Reads a document and counts its terms for IDF without placing it (before a batch, so every
   * document is placed with the whole batch's statistics). What is kept to place it later is
   * small: the caller need not keep the item.
   */
  observe(item: StoryItem): void;
  /**
   * observe() from a record made earlier (see grouping-record.ts). False, and nothing observed,
   * when another reader made it (other stop words or options): observe the document instead.
   */
  observeRecord(record: GroupingRecord): boolean;
  /** What observe() reads of a document, made by this grouper's reader. */
  readonly reader: GroupingReader;
  /** Adds a document observe() has read (regrouping a store then reads each document once). */
  addObserved(documentId: string): string;
  /** All stories so far, sorted by start then id. */
  stories(): Story[];
  /** The current story id of a document, or null. */
  storyOf(documentId: string): string | null;
  /**
   * Re-places every document in the story that now fits it best (k-means style), so early
   * documents are judged against the finished stories. `order` lists document ids to revisit;
   * up to `refinePasses` passes, fewer when one moves nothing. Returns how many moves were made.
   */
  refine(order: string[]): number;
}

/**
 * What the candidate index is keyed by: an actor, a salient term or a main event, packed with
 * the interned id into one number (id × 4 + kind), so no key is ever a string.
 */
const KeyKind = { Actor: 0, Term: 1, Event: 2 } as const;
const packKey = (id: number, kind: number): number => id * 4 + kind;

/** A document's text as the grouper reads it, once (observe() keeps it for add()). */
interface ReadText {
  tf: TermCounts;
  titleTf: TermCounts | null;
  sketch: Uint32Array;
  actorIds: Int32Array;
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
  /** The events this document may be mainly about (the main event and near runners-up), weighted. */
  votes: Vote[];
  /** Countries of the actors (ids when unknown). */
  countries: string[];
  /** Quantified commitments, which follow-ups can track. */
  pledges: Pledge[];
  /** Unit vector of actor salience (interned actor ids): IDF × (mentions, more in the title and lead). */
  actorVector: CompactVector;
  /** Unit TF-IDF vector of the heaviest terms (interned term ids). */
  vector: CompactVector;
  titleVector: CompactVector;
  sketch: Uint32Array;
  /** Candidate index keys (packed kind and id). */
  keys: Float64Array;
}

interface StoryState {
  index: number;
  alive: boolean;
  docs: DocFeatures[];
  /** Members per publication day. */
  dayCount: Map<number, number>;
  countryCount: Map<string, number>;
  /** Pledges of the members, by key and object words, with how many members made them. */
  pledges: Map<string, { pledge: Pledge; count: number }>;
  actorCentroid: WeightTable;
  centroid: WeightTable;
  titleCentroid: WeightTable;
  /** Main-event votes of the members, summed by signature and date. */
  votes: Map<string, Vote>;
  main: EventSignature | null;
  /** Events backed nearly as well as the main one (the main one first). */
  mainCandidates: MainCandidate[];
  mainDirty: boolean;
  earliest: DocFeatures | null;
  /** Display names of actors, for titles. */
  names: Map<string, { name: string; type: string }>;
  /** The id last derived, and what it was derived from. */
  idCache: { from: string; id: string } | null;
}

function earlier(a: DocFeatures, b: DocFeatures): boolean {
  return a.time < b.time || (a.time === b.time && a.id < b.id);
}

const mainKeyOf = (s: EventSignature): string => signatureKey(s);

const pledgeEntryKey = (p: Pledge): string => `${pledgeKey(p)}|${p.terms.join(' ')}`;

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

const EPS = 1e-9;
const COUNTRY_CODE = /^[A-Z]{3}$/;

function parseOptions(options: StoryGrouperOptions): Options {
  const parsed = storyGrouperOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ReadoutError('E_CONFIG', `story grouper options: ${parsed.error.issues[0]?.message ?? 'invalid'}; check the options passed to createStoryGrouper`);
  }
  return parsed.data;
}

function readerOf(opt: Options): GroupingReader {
  return createGroupingReader({
    stopwords: opt.stopwords, shingleSize: opt.shingleSize, sketchSize: opt.sketchSize,
    leadSentences: opt.leadSentences, titleTerms: opt.weights.title > 0,
  });
}

/**
 * The reader a grouper with these options reads documents with: records it makes (on an analysis
 * thread, say) are the ones such a grouper's observeRecord accepts.
 */
export function groupingReaderFor(options: StoryGrouperOptions = {}): GroupingReader {
  return readerOf(parseOptions(options));
}

export function createStoryGrouper(options: StoryGrouperOptions = {}): StoryGrouper {
  const opt: Options = parseOptions(options);
  const stop = new Set(opt.stopwords.map((w) => w.toLowerCase()));
  // Salient terms are interned (records carry no others: sketches hash words, not ids).
  const vocab = new Vocabulary((t) => isSalient(t, stop), 1);
  // Actors keep a floor: "China" in every document still says something about who a story is about.
  const actorVocab = new Vocabulary(() => true, 1);
  const eventKeyIds = new Map<string, number>();
  let keyWeightScratch = new Float64Array(32);
  // Documents observed but not yet added: what placing them needs (about the size of the features
  // placing keeps, so the peak stays where adding everything leads anyway).
  const pending = new Map<string, Observed>();
  const observed = new Set<string>();
  const states: StoryState[] = [];
  const storyOfDoc = new Map<string, StoryState>();
  const docById = new Map<string, DocFeatures>();
  const redirect = new Map<number, number>();
  const index = new CandidateIndex();
  const pledgeIndex = new PledgeIndex();
  const encounterTypes = new Set(DEFAULT_EVENT_RANKING.encounterTypes ?? []);
  const evidence: EvidenceOptions = {
    // One-party mentions dated within the window are compatible with a story's event (see relateEvents).
    relate: (a, b) => relateEvents(a, b, opt.eventDateToleranceDays, opt.windowDays),
    ambiguity: opt.mainEventAmbiguity,
    compatibleCredit: opt.compatibleEventCredit,
    dateToleranceDays: opt.eventDateToleranceDays,
  };

  const reader = readerOf(opt);

  function readRecord(r: GroupingRecord): ReadText {
    const actorIds = new Int32Array(r.actors.length);
    for (let i = 0; i < r.actors.length; i++) actorIds[i] = actorVocab.id(r.actors[i]!);
    return {
      tf: internTerms(r.terms, r.counts, vocab),
      titleTf: opt.weights.title > 0 ? internTerms(r.titleTerms, r.titleCounts, vocab) : null,
      sketch: Uint32Array.from(r.sketch),
      actorIds,
    };
  }

  /** Counts a document's terms and actors for IDF, once per document id. */
  function observeRead(id: string, read: ReadText): void {
    if (observed.has(id)) return;
    observed.add(id);
    vocab.observe(read.tf.ids);
    actorVocab.observe(read.actorIds);
  }

  function eventKeyId(key: string): number {
    let id = eventKeyIds.get(key);
    if (id === undefined) {
      id = eventKeyIds.size;
      eventKeyIds.set(key, id);
    }
    return id;
  }

  /**
   * What grouping keeps of a document it has read but not yet placed: everything that does not
   * depend on the corpus's term statistics, so that placing it later needs no second read.
   */
  interface Observed {
    read: ReadText;
    id: string;
    contentHash: string;
    title: string;
    /** The date the document is placed by (published, else its main event's date, else fetched). */
    published: string;
    events: EventSignature[];
    countries: string[];
    pledges: Pledge[];
    /** Per actor (interned id): mentions, more in the title and lead; weighted by IDF when placed. */
    salienceIds: Int32Array;
    salienceBase: Float64Array;
    names: { id: string; name: string; type: string }[];
  }

  function observedOf(r: GroupingRecord, read: ReadText): Observed {
    const salienceIds = new Int32Array(r.salience.length);
    const salienceBase = new Float64Array(r.salience.length);
    for (let k = 0; k < r.salience.length; k++) {
      salienceIds[k] = actorVocab.id(r.salience[k]!.actor);
      salienceBase[k] = r.salience[k]!.base;
    }
    return {
      read, id: r.id, contentHash: r.contentHash, title: r.title, published: r.published,
      events: r.events, countries: r.countries, pledges: r.pledges, salienceIds, salienceBase, names: r.names,
    };
  }

  /** Reads a record into the grouper: counted for IDF once per id, kept for placing until added. */
  function observeRecord(r: GroupingRecord): boolean {
    if (r.key !== reader.key) return false;
    if (!observed.has(r.id)) keep(r);
    return true;
  }

  function keep(r: GroupingRecord): void {
    const read = readRecord(r);
    observeRead(r.id, read);
    if (!storyOfDoc.has(r.id)) pending.set(r.id, observedOf(r, read));
  }

  /** Who a document is about: actors weighted by rarity and by mentions, above all in the title and lead. */
  function actorSalience(o: Observed): CompactVector {
    const byId = new Map<number, number>();
    for (let k = 0; k < o.salienceIds.length; k++) {
      const id = o.salienceIds[k]!;
      const w = actorVocab.idf(id) * o.salienceBase[k]!;
      if (w <= 0) continue;
      byId.set(id, (byId.get(id) ?? 0) + w);
    }
    return unitVector([...byId.keys()], [...byId.values()]);
  }

  function features(o: Observed): DocFeatures {
    const { read, events, published } = o;
    const main = events[0] ?? null;
    const day = dayNumber(published);
    const time = Date.parse(published.length === 10 ? `${published}T00:00:00Z` : published);
    if (day === null || Number.isNaN(time)) {
      throw new ReadoutError('E_STAGE', `document ${o.id} has no usable date ("${published}"); give it a publishedAt`);
    }
    const vector = tfidfCompact(read.tf, vocab, opt.maxTerms);
    const keys: number[] = [];
    for (const id of read.actorIds) keys.push(packKey(id, KeyKind.Actor));
    for (let i = 0; i < Math.min(10, vector.ids.length); i++) keys.push(packKey(vector.ids[i]!, KeyKind.Term));
    if (main) keys.push(packKey(eventKeyId(mainKeyOf(main)), KeyKind.Event));
    return {
      id: o.id, contentHash: o.contentHash, title: o.title, published, time, day, main, events,
      votes: documentVotes(events, opt.mainEventAmbiguity),
      countries: o.countries,
      pledges: o.pledges,
      actorVector: actorSalience(o),
      vector,
      titleVector: read.titleTf ? tfidfCompact(read.titleTf, vocab, 20) : EMPTY_VECTOR,
      sketch: read.sketch,
      keys: Float64Array.from(keys),
    };
  }

  /** Places a document observe() has read (once: a placed document keeps its story until refine). */
  function addObserved(id: string): string {
    const existing = storyOfDoc.get(id);
    if (existing) return storyId(existing);
    const o = pending.get(id);
    if (!o) throw new ReadoutError('E_STAGE', `document ${id} was not observed; pass it to observe() before addObserved()`);
    pending.delete(id);
    return place(o);
  }

  /** Places an observed document in the story that fits it best, or a new one. */
  function place(o: Observed): string {
    const f = features(o);
    const best = bestStory(f);
    const target = best ?? newStory();
    for (const a of o.names) if (!target.names.has(a.id)) target.names.set(a.id, { name: a.name, type: a.type });
    docById.set(f.id, f);
    attach(target, f);
    return storyId(target);
  }

  function storyMain(s: StoryState): EventSignature | null {
    if (!s.mainDirty) return s.main;
    // In key order, so that the result does not depend on the order documents arrived in.
    const votes = [...s.votes.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => v);
    const chosen = storyEvents(votes, evidence);
    s.main = chosen.main;
    s.mainCandidates = chosen.candidates;
    s.mainDirty = false;
    return s.main;
  }

  function keyWeight(key: number): number {
    const kind = key % 4;
    const id = (key - kind) / 4;
    if (kind === KeyKind.Actor) return actorVocab.idf(id);
    if (kind === KeyKind.Term) return vocab.idf(id) * 0.5;
    return 3;
  }

  function liveStory(i: number): StoryState | undefined {
    let s = states[i];
    while (s && !s.alive) s = states[redirect.get(s.index) ?? -1];
    return s;
  }

  /** The stories sharing the most (weighted) index keys with the document within the window. */
  function candidates(f: DocFeatures): StoryState[] {
    if (keyWeightScratch.length < f.keys.length) keyWeightScratch = new Float64Array(f.keys.length * 2);
    for (let k = 0; k < f.keys.length; k++) keyWeightScratch[k] = keyWeight(f.keys[k]!);
    const out: StoryState[] = [];
    for (const i of index.top(f.day, opt.windowDays, f.keys, keyWeightScratch, opt.maxCandidates)) {
      const s = liveStory(i);
      if (s && !out.includes(s)) out.push(s);
    }
    return out;
  }

  /** Score of a document against a story, or -1 when a look-alike rule keeps them apart. */
  function score(f: DocFeatures, s: StoryState): number {
    let event = 0;
    const sm = storyMain(s);
    if (f.main && sm) {
      const e = eventEvidence({ main: f.main, events: f.events, votes: f.votes }, { main: sm, candidates: s.mainCandidates }, evidence);
      if (e === null) return -1;
      event = e;
    }
    if (sm && event === 0 && !reportsEncounter(f, sm)) return -1;
    const actors = s.actorCentroid.norm2 > 0 ? s.actorCentroid.dot(f.actorVector) / Math.sqrt(s.actorCentroid.norm2) : 0;
    const text = s.centroid.cosine(f.vector, opt.scoreTerms);
    let dup = 0;
    const sample = Math.min(opt.duplicateSample, s.docs.length);
    for (let i = 0; i < sample; i++) dup = Math.max(dup, minHashSimilarity(f.sketch, s.docs[i]!.sketch));
    if (dup >= opt.duplicateThreshold) return 1;
    const w = opt.weights;
    const title = w.title > 0 && s.titleCentroid.norm2 > 0 ? s.titleCentroid.dot(f.titleVector) / Math.sqrt(s.titleCentroid.norm2) : 0;
    return w.event * event + w.actors * actors + w.text * text + w.duplicate * dup + w.title * title;
  }

  function attach(s: StoryState, f: DocFeatures): void {
    s.docs.push(f);
    s.dayCount.set(f.day, (s.dayCount.get(f.day) ?? 0) + 1);
    if (!s.earliest || earlier(f, s.earliest)) s.earliest = f;
    for (const c of f.countries) s.countryCount.set(c, (s.countryCount.get(c) ?? 0) + 1);
    for (const p of f.pledges) {
      const k = pledgeEntryKey(p);
      const v = s.pledges.get(k);
      if (v) v.count++;
      else s.pledges.set(k, { pledge: p, count: 1 });
    }
    if (f.pledges.length > 0) pledgeIndex.add(s.index, f.pledges);
    s.actorCentroid.addVector(f.actorVector, 1);
    s.centroid.addVector(f.vector, 1);
    if (f.titleVector.ids.length > 0) s.titleCentroid.addVector(f.titleVector, 1);
    for (const vote of f.votes) {
      const v = s.votes.get(vote.key);
      if (v) {
        v.weight += vote.weight;
        v.main += vote.main;
      } else {
        s.votes.set(vote.key, { ...vote });
      }
      s.mainDirty = true;
    }
    storyOfDoc.set(f.id, s);
    index.add(s.index, f.day, f.keys);
  }

  /** Takes a document out of its story (for refinement); index entries stay and are checked on use. */
  function detach(s: StoryState, f: DocFeatures): void {
    const at = s.docs.indexOf(f);
    if (at >= 0) s.docs.splice(at, 1);
    const onDay = (s.dayCount.get(f.day) ?? 0) - 1;
    if (onDay > 0) s.dayCount.set(f.day, onDay);
    else s.dayCount.delete(f.day);
    for (const c of f.countries) {
      const n = (s.countryCount.get(c) ?? 0) - 1;
      if (n > 0) s.countryCount.set(c, n);
      else s.countryCount.delete(c);
    }
    for (const p of f.pledges) {
      const k = pledgeEntryKey(p);
      const v = s.pledges.get(k);
      if (v && --v.count <= 0) s.pledges.delete(k);
    }
    s.actorCentroid.addVector(f.actorVector, -1);
    s.centroid.addVector(f.vector, -1);
    if (f.titleVector.ids.length > 0) s.titleCentroid.addVector(f.titleVector, -1);
    for (const vote of f.votes) {
      const v = s.votes.get(vote.key);
      if (v) {
        v.weight -= vote.weight;
        v.main -= vote.main;
        if (v.weight <= EPS) s.votes.delete(vote.key);
      }
      s.mainDirty = true;
    }
    if (s.earliest === f) s.earliest = s.docs.reduce<DocFeatures | null>((m, d) => (!m || earlier(d, m) ? d : m), null);
    storyOfDoc.delete(f.id);
  }

  function hasMemberWithin(s: StoryState, day: number, days: number): boolean {
    if (s.dayCount.size <= 2 * days + 1) {
      for (const d of s.dayCount.keys()) if (Math.abs(d - day) <= days) return true;
      return false;
    }
    for (let d = day - days; d <= day + days; d++) if (s.dayCount.has(d)) return true;
    return false;
  }

  /** A well-attested encounter (a call or meeting with both parties and a date) is news of its own, not a follow-up. */
  function isEncounter(sig: EventSignature | null): boolean {
    return sig !== null && confidence(sig) >= 1 && encounterTypes.has(sig.type);
  }

  /**
   * Whether a document that does not mention a story's encounter (a call, a meeting) can still
   * be a report of it: only if it names every country that took part and was published after
   * it (or on the day before, across time zones). Commentary on the leaders' wider quarrel,
   * published days before their call, is another story however alike the words.
   */
  function reportsEncounter(f: DocFeatures, sm: EventSignature): boolean {
    if (!isEncounter(sm)) return true;
    for (const p of sm.participants) if (COUNTRY_CODE.test(p) && !f.countries.includes(p)) return false;
    const d = dayOf(sm);
    return d === null || f.day >= d - opt.eventDateToleranceDays;
  }

  /** Whether the document follows up a pledge of the story, or the story one of the document's. */
  function sharesPledge(f: DocFeatures, s: StoryState): boolean {
    return followsUp(
      {
        pledges: f.pledges,
        hasCountry: (c) => f.countries.includes(c),
        hasTerm: (t) => {
          const id = vocab.find(t);
          return id >= 0 && hasId(f.vector, id);
        },
      },
      {
        pledges: [...s.pledges.values()].map((v) => v.pledge),
        hasCountry: (c) => s.countryCount.has(c),
        hasTerm: (t) => {
          const id = vocab.find(t);
          return id >= 0 && s.centroid.get(id) > 0;
        },
      },
    );
  }

  function bestStory(f: DocFeatures): StoryState | null {
    let best: StoryState | null = null;
    let bestScore = opt.threshold;
    const outOfWindow: StoryState[] = [];
    for (const s of candidates(f)) {
      if (s.docs.length === 0) continue;
      // Index entries outlive moved documents: a story is in the window only through its current members.
      if (!hasMemberWithin(s, f.day, opt.windowDays)) {
        outOfWindow.push(s);
        continue;
      }
      const sc = score(f, s);
      if (sc >= bestScore && (sc > bestScore || !best || s.index < best.index)) {
        best = s;
        bestScore = sc;
      }
    }
    if (best || pledgeIndex.size === 0 || isEncounter(f.main)) return best;
    // Follow-ups: no story in the window fits; one within followUpDays may, through a pledge.
    const terms = [...f.vector.ids].map((id) => vocab.string(id));
    const followUps = [...outOfWindow];
    for (const i of pledgeIndex.find(f.pledges, terms, f.countries)) {
      const s = liveStory(i);
      if (s && !followUps.includes(s)) followUps.push(s);
    }
    for (const s of followUps) {
      if (s.docs.length === 0 || isEncounter(storyMain(s))) continue;
      if (!hasMemberWithin(s, f.day, opt.followUpDays) || hasMemberWithin(s, f.day, opt.windowDays)) continue;
      if (!sharesPledge(f, s)) continue;
      const base = score(f, s);
      if (base < 0) continue;
      const sc = base + opt.weights.thread;
      if (sc >= bestScore && (sc > bestScore || !best || s.index < best.index)) {
        best = s;
        bestScore = sc;
      }
    }
    return best;
  }

  function newStory(): StoryState {
    const s: StoryState = {
      index: states.length, alive: true, docs: [], dayCount: new Map(), countryCount: new Map(), pledges: new Map(),
      actorCentroid: new WeightTable(8), centroid: new WeightTable(opt.maxTerms), titleCentroid: new WeightTable(1),
      votes: new Map(), main: null, mainCandidates: [], mainDirty: false, earliest: null, names: new Map(), idCache: null,
    };
    states.push(s);
    return s;
  }

  /** Drops what an emptied story holds (its index entries stay and are checked on use). */
  function release(s: StoryState): void {
    s.actorCentroid = new WeightTable(1);
    s.centroid = new WeightTable(1);
    s.titleCentroid = new WeightTable(1);
    s.votes.clear();
    s.dayCount.clear();
    s.countryCount.clear();
    s.pledges.clear();
    s.mainCandidates = [];
    s.main = null;
    s.mainDirty = false;
    s.idCache = null;
  }

  function merge(into: StoryState, from: StoryState): void {
    for (const [id, n] of from.names) if (!into.names.has(id)) into.names.set(id, n);
    for (const f of from.docs) attach(into, f);
    from.alive = false;
    from.docs = [];
    release(from);
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
          if (ma && mb && evidence.relate(ma, mb) === 'same') merge(a, b);
        }
      }
    }
  }

  /** Derived from the earliest document and the main event, so the same documents give the same id. */
  function storyId(s: StoryState): string {
    const main = storyMain(s);
    const from = `${s.earliest?.id ?? ''}|${main ? `${mainKeyOf(main)}|${main.date ?? ''}` : ''}`;
    if (s.idCache?.from !== from) s.idCache = { from, id: `story-${createHash('sha256').update(from).digest('hex').slice(0, 16)}` };
    return s.idCache.id;
  }

  function toStory(s: StoryState): Story {
    const docs = [...s.docs].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const first = docs[0]!;
    const last = docs[docs.length - 1]!;
    const main = storyMain(s);
    const names = s.names;
    let title: string;
    // An event named by both sides and dated makes a title ("Xi Jinping – Donald Trump phone
    // call, 24 Nov 2025"); a one-sided one ("Guo Jiakun request") says less than a headline.
    if (main && confidence(main) >= 1) {
      const people = main.actors.filter((a) => names.get(a)?.type === 'person');
      const shown = (people.length >= 2 ? people : main.actors).slice(0, 4).map((a) => names.get(a)?.name ?? a);
      title = `${shown.join(' – ')} ${eventLabel(main)}${main.date ? `, ${humanDate(main.date)}` : ''}`;
    } else {
      // The most central document: the one closest to the story's centroid.
      let best = first;
      let bestScore = -1;
      for (const d of docs) {
        const c = s.centroid.norm2 > 0 ? s.centroid.dot(d.vector) : 0;
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

  /**
   * One pass of refine(): each listed document (or, when `only` is given, each in one of those
   * stories) goes to the story that fits it best now. Returns how many moved, and the stories
   * that gained or lost a member.
   */
  function refinePass(order: string[], only: Set<StoryState> | null): { moved: number; changed: Set<StoryState> } {
    const changed = new Set<StoryState>();
    let moved = 0;
    for (const id of order) {
      const s = storyOfDoc.get(id);
      const f = docById.get(id);
      if (!s || !f || (only && !only.has(s))) continue;
      detach(s, f);
      const best = bestStory(f);
      const target = best ?? (s.docs.length === 0 ? s : newStory());
      if (target !== s) {
        moved++;
        changed.add(s);
        changed.add(target);
        for (const [aid, n] of s.names) if (!target.names.has(aid)) target.names.set(aid, n);
        if (s.docs.length === 0) release(s);
      }
      attach(target, f);
    }
    return { moved, changed };
  }

  return {
    reader,
    observe(item) {
      if (!observed.has(item.document.id)) observeRecord(reader.read(item));
    },
    observeRecord,
    add(item) {
      const id = item.document.id;
      if (!storyOfDoc.has(id) && !pending.has(id)) keep(reader.read(item));
      return addObserved(id);
    },
    addObserved,
    stories() {
      if (opt.consolidate) consolidate();
      return states.filter((s) => s.alive && s.docs.length > 0).map(toStory)
        .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
    },
    refine(order) {
      let moved = 0;
      // After the first pass, only documents of stories that changed can find a better place.
      let only: Set<StoryState> | null = null;
      for (let pass = 0; pass < opt.refinePasses; pass++) {
        const result = refinePass(order, only);
        moved += result.moved;
        if (result.moved === 0) break;
        only = result.changed;
      }
      return moved;
    },
    storyOf(documentId) {
      const s = storyOfDoc.get(documentId);
      return s ? storyId(s) : null;
    },
  };
}

/**
 * Groups a batch: IDF is learned from the whole batch first, then documents are added by date and
 * id, then refined (`refinePasses` overrides the option of that name).
 */
export function groupStories(items: StoryItem[], options: StoryGrouperOptions = {}, refinePasses?: number): Story[] {
  const grouper = createStoryGrouper(refinePasses === undefined ? options : { ...options, refinePasses });
  for (const it of items) grouper.observe(it);
  // In time order (instants, not strings: "21:00+08:00" is before "09:00-05:00" of the same day),
  // as the application's regroup reads the store.
  const at = (i: StoryItem): number => {
    const t = Date.parse(i.document.publishedAt ?? i.document.fetchedAt);
    return Number.isNaN(t) ? 0 : t;
  };
  const sorted = [...items].sort((a, b) => at(a) - at(b) || (a.document.id < b.document.id ? -1 : a.document.id > b.document.id ? 1 : 0));
  for (const it of sorted) grouper.add(it);
  grouper.refine(sorted.map((i) => i.document.id));
  return grouper.stories();
}
