// What story grouping reads of one document, computed while ingesting (the analysis part where
// the analysis is, the text part where the document is stored) and stored beside it: regrouping a
// store then parses a few kilobytes
// per document instead of tokenising its text and walking its analysis again. Nothing in a
// record depends on other documents (terms are strings, the sketch hashes words), so records
// made on different threads, runs or machines group the same way. A record names the reader that
// made it (`key`): one made with other stop words or options is read afresh, never trusted.
import type { EventSignature } from './main-event.js';
import { DEFAULT_EVENT_RANKING, eventSignatures } from './main-event.js';
import { pledgesOf, type Pledge } from './pledges.js';
import type { StoryItem } from './story-item.js';
import { fnv1a, isSalient, minHashOfHashes, tokenize, wordHashes } from './text-features.js';

/** Bump when what a record holds or how it is computed changes: older records are then read afresh. */
const RECORD_FORMAT = 1;

export interface GroupingRecord {
  /** The reader that made it (format, stop words and options); see GroupingReader.key. */
  key: string;
  id: string;
  contentHash: string;
  title: string;
  /** The date the document is placed by (published, else its main event's date, else fetched). */
  published: string;
  /** Salient terms of title and text, in order of first use, with their counts. */
  terms: string[];
  counts: number[];
  /** The same for the title alone (empty when title similarity is off). */
  titleTerms: string[];
  titleCounts: number[];
  /** MinHash of the text's word shingles. */
  sketch: number[];
  /** Distinct actor ids. */
  actors: string[];
  events: EventSignature[];
  /** Countries of the actors (ids when unknown). */
  countries: string[];
  pledges: Pledge[];
  /** Per actor: mentions, more in the title and lead (weighted by rarity when placed). */
  salience: { actor: string; base: number }[];
  names: { id: string; name: string; type: string }[];
  /** Issue weights, for story summaries. */
  issues: { id: string; weight: number }[];
}

export interface GroupingReaderOptions {
  stopwords: readonly string[];
  shingleSize: number;
  sketchSize: number;
  leadSentences: number;
  /** Whether title terms are counted apart (title similarity weighs in). */
  titleTerms: boolean;
}

/** What a record reads from the document's words alone: its terms and sketch. */
export type GroupingTextPart = Pick<GroupingRecord, 'terms' | 'counts' | 'titleTerms' | 'titleCounts' | 'sketch'>;
/** What a record reads from the analysis (and the document's identity and dates). */
export type GroupingAnalysisPart = Omit<GroupingRecord, keyof GroupingTextPart>;

/**
 * A record is made in two parts that can be made on different threads: an ingest makes the
 * analysis part on the analysis thread, beside the analysis, and the text part on the thread that
 * stores the document, which has its text and spare time (see joinParts).
 */
export interface GroupingReader {
  /** Identifies the format, stop words and options: records with another key are not used. */
  readonly key: string;
  read(item: StoryItem): GroupingRecord;
  readAnalysis(item: StoryItem): GroupingAnalysisPart;
  /** The text part, with the text's word hashes it was made from (wordHashes of tokenize), for syndication to reuse. */
  readTextWords(document: Pick<StoryItem['document'], 'title' | 'text'>): { part: GroupingTextPart; words: Uint32Array };
  /**
   * The whole record's JSON from the JSON of an analysis part and a text part, or null when the
   * analysis part was made by another reader (other stop words or options).
   */
  joinParts(analysisPartJson: string, part: GroupingTextPart): string | null;
}

/** The JSON of a whole record from the JSON of its analysis part and its text part. */
export function joinRecordJson(analysisPartJson: string, text: GroupingTextPart): string {
  if (!analysisPartJson.startsWith('{') || !analysisPartJson.endsWith('}')) throw new Error('a record part must be a JSON object');
  return `${analysisPartJson.slice(0, -1)},${JSON.stringify(text).slice(1)}`;
}

export function createGroupingReader(options: GroupingReaderOptions): GroupingReader {
  const stop = new Set(options.stopwords.map((w) => w.toLowerCase()));
  const key = `g${RECORD_FORMAT}-${fnv1a(JSON.stringify([
    [...stop].sort(), options.shingleSize, options.sketchSize, options.leadSentences, options.titleTerms,
  ])).toString(36)}`;

  /** Counts the salient tokens of `tokens` into `terms`/`counts` (first use first). */
  function count(tokens: readonly string[], into: Map<string, number>): void {
    for (const t of tokens) if (isSalient(t, stop)) into.set(t, (into.get(t) ?? 0) + 1);
  }

  function readTextWords(doc: Pick<StoryItem['document'], 'title' | 'text'>): { part: GroupingTextPart; words: Uint32Array } {
    const titleTokens = tokenize(doc.title);
    const textTokens = tokenize(doc.text);
    const all = new Map<string, number>();
    count(titleTokens, all);
    count(textTokens, all);
    const titleOnly = new Map<string, number>();
    if (options.titleTerms) count(titleTokens, titleOnly);
    const words = wordHashes(textTokens);
    const part = {
      terms: [...all.keys()],
      counts: [...all.values()],
      titleTerms: [...titleOnly.keys()],
      titleCounts: [...titleOnly.values()],
      sketch: [...minHashOfHashes(words, options.shingleSize, options.sketchSize)],
    };
    return { part, words };
  }

  function readAnalysis(item: StoryItem): GroupingAnalysisPart {
    const doc = item.document;
    const events = eventSignatures(item.analysis, DEFAULT_EVENT_RANKING, { headline: doc.title, published: doc.publishedAt ?? doc.fetchedAt });
    const title = doc.title;
    const actors = item.analysis.actors;
    const salience = actors.map((a) => {
      let lead = 0;
      for (const m of a.mentions) if (m.sentence < options.leadSentences) lead++;
      let inTitle = a.name.length > 1 && title.includes(a.name);
      for (let i = 0; !inTitle && i < a.mentions.length; i++) {
        const n = a.mentions[i]!.text;
        inTitle = n.length > 1 && title.includes(n);
      }
      return { actor: a.id, base: Math.log(1 + a.mentions.length) + Math.log(1 + lead) + (inTitle ? 2 : 0) };
    });
    return {
      // First: joinParts recognises a part made by another reader by this opening of its JSON.
      key,
      id: doc.id,
      contentHash: doc.contentHash,
      title,
      published: doc.publishedAt ?? events[0]?.date ?? doc.fetchedAt,
      actors: [...new Set(actors.map((a) => a.id))],
      events,
      countries: [...new Set(actors.map((a) => (a.country && a.country.length > 0 ? a.country : a.id)))],
      pledges: pledgesOf(item.analysis, stop),
      salience,
      names: actors.map((a) => ({ id: a.id, name: a.name, type: a.type })),
      issues: item.analysis.issues.map((i) => ({ id: i.id, weight: i.weight })),
    };
  }

  // readAnalysis puts the key first, so a part's reader shows in the opening of its JSON.
  const partPrefix = `{"key":${JSON.stringify(key)},`;
  return {
    key,
    read: (item) => ({ ...readAnalysis(item), ...readTextWords(item.document).part }),
    readAnalysis,
    readTextWords,
    joinParts: (analysisPartJson, part) => (analysisPartJson.startsWith(partPrefix) ? joinRecordJson(analysisPartJson, part) : null),
  };
}

/** A stored record, checked for shape before the grouper trusts it (rows are data, not code). */
export function isGroupingRecord(value: unknown): value is GroupingRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<GroupingRecord>;
  return typeof r.key === 'string' && typeof r.id === 'string' && typeof r.contentHash === 'string'
    && typeof r.title === 'string' && typeof r.published === 'string'
    && Array.isArray(r.terms) && Array.isArray(r.counts) && r.terms.length === r.counts.length
    && Array.isArray(r.titleTerms) && Array.isArray(r.titleCounts) && Array.isArray(r.sketch)
    && Array.isArray(r.actors) && Array.isArray(r.events) && Array.isArray(r.countries)
    && Array.isArray(r.pledges) && Array.isArray(r.salience) && Array.isArray(r.names) && Array.isArray(r.issues);
}
