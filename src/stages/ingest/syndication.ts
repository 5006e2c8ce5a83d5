// Who copied whom. A document is compared with earlier ones: near-identical text from the same
// source is a duplicate or an update; long passages shared with another source's text are a wire
// copy (syndicated) or, when only parts are taken and credited, a relay ("according to Xinhua").
import { z } from 'zod';
import { hash32, shingles, wordTokens } from './text-shingles.js';
import { createNearDuplicateIndex } from './near-duplicates.js';

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
  /** Estimated Jaccard similarity of the two texts (0..1). */
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
}

export interface SyndicationDetector {
  add(doc: SyndicationDoc): void;
  /** The strongest relation of `doc` to a document added earlier, or null. Does not add `doc`. */
  detect(doc: SyndicationDoc): SyndicationMatch | null;
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

export function createSyndicationDetector(options: SyndicationOptions = {}): SyndicationDetector {
  const opts = optionsSchema.parse(options);
  // Only what detection needs is kept per document (never its text), and a passage hash maps to
  // one id or, rarely, a list: a Set per passage cost gigabytes at 10,000 documents.
  const docs = new Map<string, { doc: Omit<SyndicationDoc, 'text'>; passages: Uint32Array }>();
  // Candidate retrieval casts a wide net; the passage containment decides.
  const index = createNearDuplicateIndex({ threshold: 0.1, shingleSize: 5, numHashes: 128 });
  const passageIndex = new Map<number, string | string[]>();

  const passagesOf = (text: string): Set<number> => {
    const out = new Set<number>();
    for (const s of shingles(wordTokens(text), opts.passageSize)) out.add(hash32(s));
    return out;
  };

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
        const rest = ids.filter((x) => x !== id);
        if (rest.length === 0) passageIndex.delete(p);
        else passageIndex.set(p, rest.length === 1 ? rest[0]! : rest);
      }
    }
    index.remove(id);
    docs.delete(id);
  };

  return {
    credits,
    add(doc) {
      const passages = passagesOf(doc.text);
      const { text: _text, ...meta } = doc;
      if (docs.has(doc.id)) forget(doc.id);
      docs.set(doc.id, { doc: meta, passages: Uint32Array.from(passages) });
      index.add(doc.id, doc.text);
      // Maps iterate in insertion order: the first key is the oldest document.
      while (docs.size > opts.maxDocuments) forget(docs.keys().next().value as string);
      for (const p of passages) {
        const held = passageIndex.get(p);
        if (held === undefined) passageIndex.set(p, doc.id);
        else if (typeof held === 'string') { if (held !== doc.id) passageIndex.set(p, [held, doc.id]); }
        else if (!held.includes(doc.id)) held.push(doc.id);
      }
    },
    detect(doc) {
      const passages = passagesOf(doc.text);
      if (passages.size === 0) return null;
      // Candidates: near-duplicates, plus every document sharing at least one long passage.
      const shared = new Map<string, number>();
      for (const p of passages) {
        const held = passageIndex.get(p);
        if (held === undefined) continue;
        for (const id of typeof held === 'string' ? [held] : held) if (id !== doc.id) shared.set(id, (shared.get(id) ?? 0) + 1);
      }
      for (const hit of index.query(doc.text, { exclude: doc.id })) if (!shared.has(hit.id)) shared.set(hit.id, 0);
      const { credit, sourceId: creditSourceId } = resolveCredit(credits(doc.text));
      // One signature of this text against the stored ones: re-hashing both texts per candidate
      // made detection quadratic in practice on corpora with a shared vocabulary.
      const similarities = index.similarityTo(doc.text, shared.keys());

      let best: SyndicationMatch | null = null;
      let bestScore = -1;
      for (const [id, count] of shared) {
        const other = docs.get(id);
        if (!other) continue;
        const containment = count / passages.size;
        const similarity = similarities.get(id) ?? 0;
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
    },
  };
}
