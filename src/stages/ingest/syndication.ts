// Who copied whom. A document is compared with earlier ones: near-identical text from the same
// source is a duplicate or an update; long passages shared with another source's text are a wire
// copy (syndicated) or, when only parts are taken and credited, a relay ("according to Xinhua").
import { z } from 'zod';
import { PassageIndex } from './passage-index.js';
import { tokenize, wordHashes } from '../stories/text-features.js';
import { passageHashes } from './text-shingles.js';

export type SyndicationKind = 'duplicate' | 'syndicated' | 'relay' | 'update';

export interface SyndicationDoc {
  id: string;
  text: string;
  sourceId?: string | null;
  url?: string | null;
  publishedAt?: string | null;
}

export interface SyndicationMatch {
  /** The earlier document this one copies, relays or updates. */
  originalId: string;
  kind: SyndicationKind;
  /** Share of this document's passage shingles found in the original (0..1). */
  containment: number;
  /** Jaccard similarity of the two texts' passage sets (0..1). */
  similarity: number;
  /** A credit line or attribution naming the origin, as written ("Xinhua"), if found. */
  credit: string | null;
  /** Source id the credit resolves to via the `sources` option, if any. */
  creditSourceId: string | null;
  evidence: string[];
}

export interface SyndicationOptions {
  /** Known outlets and the names they are credited by, e.g. { id: 'xinhua', names: ['Xinhua', 'Xinhua News Agency'] }. */
  sources?: { id: string; names: string[] }[];
  /** Words per passage shingle: long enough that sharing one means copying. Default 8. */
  passageSize?: number;
  /** Containment at or above which a copy is syndicated rather than relayed. Default 0.6. */
  syndicatedContainment?: number;
  /** Minimum containment for a relay. Default 0.12. */
  relayContainment?: number;
  /** Similarity at or above which same-source documents are duplicates. Default 0.9. */
  duplicateSimilarity?: number;
  /**
   * Documents remembered (default 5,000). Copies and relays follow their original within days, so
   * a window of recent documents finds them while memory stays bounded on any corpus size.
   */
  maxDocuments?: number;
  /**
   * Documents remembered per passage (default 8): the earliest ones, which is where an original
   * is. Boilerplate (a sign-off, a standard paragraph) repeats in thousands of documents; capping
   * its list keeps detection cheap without losing the original of any copy.
   */
  maxPassageOwners?: number;
}

export interface SyndicationDetector {
  add(doc: SyndicationDoc): void;
  /** The strongest relation of `doc` to a document added earlier, or null. Does not add `doc`. */
  detect(doc: SyndicationDoc): SyndicationMatch | null;
  /**
   * detect, then add: what ingest does for each new document, reading its text once. `words` are
   * the text's word hashes (stories' wordHashes of tokenize) when the caller already made them.
   */
  link(doc: SyndicationDoc, words?: Uint32Array): SyndicationMatch | null;
  /** Credit lines and attributions found in a text, as written. */
  credits(text: string): string[];
}

const optionsSchema = z.object({
  sources: z.array(z.object({ id: z.string(), names: z.array(z.string().min(2)) })).default([]),
  passageSize: z.number().int().min(3).max(30).default(8),
  syndicatedContainment: z.number().min(0).max(1).default(0.6),
  relayContainment: z.number().min(0).max(1).default(0.12),
  duplicateSimilarity: z.number().min(0).max(1).default(0.9),
  /** Documents remembered; the oldest added are forgotten beyond this, so memory stays bounded. */
  maxDocuments: z.number().int().min(1).default(5000),
  maxPassageOwners: z.number().int().min(1).default(8),
});

// Generic shapes of credit lines, not a list of outlets: "BEIJING, Nov. 24 (Xinhua) --",
// "(Reuters) -", "— Reuters", "Xinhua reported", "according to Xinhua", "citing Kyodo".
const NAME = String.raw`(\p{Lu}[\p{L}.&'’-]*(?:\s+(?:\p{Lu}[\p{L}.&'’-]*|of|the|for|News|Agency)){0,5})`;
const CREDIT_PATTERNS: RegExp[] = [
  new RegExp(String.raw`\(${NAME}\)\s*(?:--|—|–|-)`, 'gu'),
  new RegExp(String.raw`(?:—|–|--)\s*${NAME}\s*$`, 'gmu'),
  new RegExp(String.raw`\b[Aa]ccording to (?:the\s+)?${NAME}`, 'gu'),
  new RegExp(String.raw`\b(?:[Cc]iting|[Qq]uoted by|[Aa]s reported by) (?:the\s+)?${NAME}`, 'gu'),
  new RegExp(String.raw`${NAME},? (?:reported|said in a (?:report|dispatch)|news agency reported)\b`, 'gu'),
];

const time = (s: string | null | undefined): number => {
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/** Texts with at least this many passages are looked up through a sample of them. */
const SAMPLE_ABOVE_PASSAGES = 200;

/**
 * A document as the detector holds it, under a small integer handle (in order of arrival), so the
 * passage index and the candidate counts work on numbers: a passage maps to handles, oldest first.
 */
interface HeldDocument {
  doc: Omit<SyndicationDoc, 'text'>;
  /** Publication time in ms, +Infinity when unknown. */
  time: number;
  passages: Uint32Array;
}

export function createSyndicationDetector(options: SyndicationOptions = {}): SyndicationDetector {
  const opts = optionsSchema.parse(options);
  // Only what detection needs is kept per document (never its text): its passage hashes.
  const held = new Map<number, HeldDocument>();
  const handleOf = new Map<string, number>();
  let nextHandle = 0;
  const passageIndex = new PassageIndex(opts.maxPassageOwners);
  // Same URL, other text: an update even when the passages changed completely.
  const byUrl = new Map<string, number[]>();

  // Words as story grouping tokenises them, so a caller holding a text's word hashes can hand them over.
  const passagesOf = (text: string, words?: Uint32Array): Uint32Array => passageHashes(words ?? wordHashes(tokenize(text)), opts.passageSize);

  const credits = (text: string): string[] => {
    // Credit lines open a wire story or close it.
    const head = text.length > 3500 ? `${text.slice(0, 3000)}\n${text.slice(-500)}` : text;
    const found: string[] = [];
    for (const re of CREDIT_PATTERNS) {
      re.lastIndex = 0;
      for (const m of head.matchAll(re)) {
        const name = m[1]?.trim();
        if (name && !found.includes(name)) found.push(name);
      }
    }
    return found;
  };

  const resolveCredit = (names: string[]): { credit: string | null; sourceId: string | null } => {
    for (const n of names) {
      const lower = n.toLowerCase();
      for (const s of opts.sources) {
        if (s.names.some((x) => lower === x.toLowerCase() || lower.startsWith(`${x.toLowerCase()} `))) return { credit: n, sourceId: s.id };
      }
    }
    return { credit: names[0] ?? null, sourceId: null };
  };

  const forget = (handle: number): void => {
    const h = held.get(handle);
    if (!h) return;
    for (const p of h.passages) passageIndex.remove(p, handle);
    const url = h.doc.url;
    if (url) {
      const rest = (byUrl.get(url) ?? []).filter((x) => x !== handle);
      if (rest.length === 0) byUrl.delete(url);
      else byUrl.set(url, rest);
    }
    if (handleOf.get(h.doc.id) === handle) handleOf.delete(h.doc.id);
    held.delete(handle);
  };

  const addPassages = (doc: SyndicationDoc, passages: Uint32Array): void => {
    const { text: _text, ...meta } = doc;
    const previous = handleOf.get(doc.id);
    if (previous !== undefined) forget(previous);
    const handle = nextHandle++;
    handleOf.set(doc.id, handle);
    held.set(handle, { doc: meta, time: time(doc.publishedAt), passages });
    if (doc.url) byUrl.set(doc.url, [...(byUrl.get(doc.url) ?? []), handle]);
    // Maps iterate in insertion order: the first key is the oldest document.
    while (held.size > opts.maxDocuments) forget(held.keys().next().value as number);
    for (const p of passages) passageIndex.add(p, handle);
  };

  const detectPassages = (doc: SyndicationDoc, passages: Uint32Array): SyndicationMatch | null => {
    if (passages.length === 0) return null;
    const self = handleOf.get(doc.id);
    // Candidates: every document sharing at least one long passage, and earlier texts at this URL.
    const shared = new Map<number, number>();
    // A long text is looked up through a quarter of its passages (chosen by hash, so the same
    // ones in every text): containment is estimated from a few hundred passages at a quarter of
    // the cost. Short texts are looked up through all of them.
    const sampled = passages.length >= SAMPLE_ABOVE_PASSAGES;
    let queried = 0;
    for (const p of passages) {
      if (sampled && (p & 3) !== 0) continue;
      queried++;
      const slot = passageIndex.find(p);
      if (slot < 0) continue;
      // A common passage (a template sentence, a widely copied wire story): only its first
      // holder, the likely original, is a candidate through it.
      const n = passageIndex.ownerCount(slot);
      const through = n >= opts.maxPassageOwners ? 1 : n;
      for (let j = 0; j < through; j++) {
        const h = passageIndex.owner(slot, j);
        if (h !== self) shared.set(h, (shared.get(h) ?? 0) + 1);
      }
    }
    if (doc.url) for (const h of byUrl.get(doc.url) ?? []) if (h !== self && !shared.has(h)) shared.set(h, 0);
    if (shared.size === 0) return null;
    const { credit, sourceId: creditSourceId } = resolveCredit(credits(doc.text));
    const docTime = time(doc.publishedAt);
    // Without a credit line, a relay needs this many shared passages; fewer can only be an update.
    const minShared = credit ? 1 : Math.ceil(opts.relayContainment * queried);

    let best: { handle: number; kind: SyndicationKind; containment: number; similarity: number; sameOrigin: boolean; sameUrl: boolean } | null = null;
    let bestScore = -1;
    for (const [handle, count] of shared) {
      const other = held.get(handle);
      if (!other) continue;
      const sameSource = !!doc.sourceId && doc.sourceId === other.doc.sourceId;
      const sameUrl = !!doc.url && doc.url === other.doc.url;
      if (count < minShared && !sameSource && !sameUrl) continue;
      const containment = queried === 0 ? 0 : count / queried;
      const common = Math.min(containment * passages.length, other.passages.length);
      const similarity = common / (passages.length + other.passages.length - common);
      let kind: SyndicationKind | null = null;
      if (sameUrl || sameSource) {
        if (similarity >= opts.duplicateSimilarity && containment >= 0.9) kind = 'duplicate';
        else if (sameUrl || containment >= 0.4) kind = 'update';
      } else if (containment >= opts.syndicatedContainment) {
        kind = similarity >= opts.duplicateSimilarity && !doc.sourceId && !other.doc.sourceId ? 'duplicate' : 'syndicated';
      } else if (containment >= opts.relayContainment || (containment > 0 && credit)) {
        kind = 'relay';
      }
      if (!kind) continue;
      if (other.time > docTime && kind !== 'duplicate') continue;
      const creditMatches = creditSourceId !== null && creditSourceId === other.doc.sourceId;
      const score = containment + (creditMatches ? 0.5 : 0) + (sameSource || sameUrl ? 0.25 : 0);
      if (score > bestScore) {
        bestScore = score;
        best = { handle, kind, containment, similarity, sameOrigin: sameUrl || sameSource, sameUrl };
      }
    }
    if (!best) return null;
    const original = held.get(best.handle)!.doc;
    const evidence: string[] = [];
    if (best.kind === 'duplicate' && best.sameOrigin) evidence.push('same source, near-identical text');
    else if (best.kind === 'update') evidence.push(best.sameUrl ? 'same URL, text changed' : 'same source, text largely reused');
    else evidence.push(`${Math.round(best.containment * 100)}% of passages shared`);
    if (credit) evidence.push(`credit line: ${credit}`);
    return { originalId: original.id, kind: best.kind, containment: best.containment, similarity: best.similarity, credit, creditSourceId, evidence };
  };

  return {
    credits,
    add(doc) {
      addPassages(doc, passagesOf(doc.text));
    },
    detect(doc) {
      return detectPassages(doc, passagesOf(doc.text));
    },
    link(doc, words) {
      const passages = passagesOf(doc.text, words);
      const match = detectPassages(doc, passages);
      addPassages(doc, passages);
      return match;
    },
  };
}
