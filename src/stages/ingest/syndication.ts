// Who copied whom. A document is compared with earlier ones: near-identical text from the same
// source is a duplicate or an update; long passages shared with another source's text are a wire
// copy (syndicated) or, when only parts are taken and credited, a relay ("according to Xinhua").
import { z } from 'zod';
import { shingleHashes, wordTokens } from './text-shingles.js';

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
  /** detect, then add: what ingest does for each new document, reading its text once. */
  link(doc: SyndicationDoc): SyndicationMatch | null;
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

// A passage hash maps to one document id or a short list of ids, oldest first.
type Owners = string | string[];

export function createSyndicationDetector(options: SyndicationOptions = {}): SyndicationDetector {
  const opts = optionsSchema.parse(options);
  // Only what detection needs is kept per document (never its text): its passage hashes, sorted.
  const docs = new Map<string, { doc: Omit<SyndicationDoc, 'text'>; passages: Uint32Array }>();
  const passageIndex = new Map<number, Owners>();
  // Same URL, other text: an update even when the passages changed completely.
  const byUrl = new Map<string, string[]>();

  const passagesOf = (text: string): Uint32Array => shingleHashes(wordTokens(text), opts.passageSize);

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

  const forget = (id: string): void => {
    const held = docs.get(id);
    if (!held) return;
    for (const p of held.passages) {
      const ids = passageIndex.get(p);
      if (ids === id) passageIndex.delete(p);
      else if (Array.isArray(ids)) {
        const at = ids.indexOf(id);
        if (at >= 0) ids.splice(at, 1);
        if (ids.length === 1) passageIndex.set(p, ids[0]!);
      }
    }
    const url = held.doc.url;
    if (url) {
      const rest = (byUrl.get(url) ?? []).filter((x) => x !== id);
      if (rest.length === 0) byUrl.delete(url);
      else byUrl.set(url, rest);
    }
    docs.delete(id);
  };

  const addPassages = (doc: SyndicationDoc, passages: Uint32Array): void => {
    const { text: _text, ...meta } = doc;
    if (docs.has(doc.id)) forget(doc.id);
    docs.set(doc.id, { doc: meta, passages });
    if (doc.url) byUrl.set(doc.url, [...(byUrl.get(doc.url) ?? []), doc.id]);
    // Maps iterate in insertion order: the first key is the oldest document.
    while (docs.size > opts.maxDocuments) forget(docs.keys().next().value as string);
    for (const p of passages) {
      const held = passageIndex.get(p);
      if (held === undefined) passageIndex.set(p, doc.id);
      else if (typeof held === 'string') { if (held !== doc.id && opts.maxPassageOwners > 1) passageIndex.set(p, [held, doc.id]); }
      else if (held.length < opts.maxPassageOwners && !held.includes(doc.id)) held.push(doc.id);
    }
  };

  const detectPassages = (doc: SyndicationDoc, passages: Uint32Array): SyndicationMatch | null => {
    if (passages.length === 0) return null;
    // Candidates: every document sharing at least one long passage, and earlier texts at this URL.
    const shared = new Map<string, number>();
    for (const p of passages) {
      const held = passageIndex.get(p);
      if (held === undefined) continue;
      if (typeof held === 'string') { if (held !== doc.id) shared.set(held, (shared.get(held) ?? 0) + 1); }
      else for (const id of held) if (id !== doc.id) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    if (doc.url) for (const id of byUrl.get(doc.url) ?? []) if (id !== doc.id && !shared.has(id)) shared.set(id, 0);
    if (shared.size === 0) return null;
    const { credit, sourceId: creditSourceId } = resolveCredit(credits(doc.text));

    let best: SyndicationMatch | null = null;
    let bestScore = -1;
    for (const [id, count] of shared) {
      const other = docs.get(id);
      if (!other) continue;
      const containment = count / passages.length;
      const similarity = count / (passages.length + other.passages.length - count);
      const sameSource = !!doc.sourceId && doc.sourceId === other.doc.sourceId;
      const sameUrl = !!doc.url && doc.url === other.doc.url;
      const earlier = time(other.doc.publishedAt) <= time(doc.publishedAt);
      const evidence: string[] = [];
      let kind: SyndicationKind | null = null;
      if (sameUrl || sameSource) {
        if (similarity >= opts.duplicateSimilarity && containment >= 0.9) { kind = 'duplicate'; evidence.push('same source, near-identical text'); }
        else if (sameUrl || containment >= 0.4) { kind = 'update'; evidence.push(sameUrl ? 'same URL, text changed' : 'same source, text largely reused'); }
      } else if (containment >= opts.syndicatedContainment) {
        kind = similarity >= opts.duplicateSimilarity && !doc.sourceId && !other.doc.sourceId ? 'duplicate' : 'syndicated';
        evidence.push(`${Math.round(containment * 100)}% of passages shared`);
      } else if (containment >= opts.relayContainment || (containment > 0 && credit)) {
        kind = 'relay';
        evidence.push(`${Math.round(containment * 100)}% of passages shared`);
      }
      if (!kind) continue;
      if (!earlier && kind !== 'duplicate') continue;
      const creditMatches = creditSourceId !== null && creditSourceId === other.doc.sourceId;
      if (credit) evidence.push(`credit line: ${credit}`);
      const score = containment + (creditMatches ? 0.5 : 0) + (sameSource || sameUrl ? 0.25 : 0);
      if (score > bestScore) {
        bestScore = score;
        best = { originalId: id, kind, containment, similarity, credit, creditSourceId, evidence };
      }
    }
    return best;
  };

  return {
    credits,
    add(doc) {
      addPassages(doc, passagesOf(doc.text));
    },
    detect(doc) {
      return detectPassages(doc, passagesOf(doc.text));
    },
    link(doc) {
      const passages = passagesOf(doc.text);
      const match = detectPassages(doc, passages);
      addPassages(doc, passages);
      return match;
    },
  };
}
