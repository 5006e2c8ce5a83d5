// How an analysis is written to the store: its JSON, the digest story grouping reads, and the key
// that says when it is stale. Kept apart from the store itself so analysis threads can serialise
// without loading a database driver.
import type { Analysis, Document, DocumentToStore, SerialisedAnalysis, SerialisedDocument } from '../domain/index.js';

/** What decides whether a stored analysis is stale: its input and the stage versions. */
export function analysisKey(analysis: Analysis | null, document: Document): { inputHash: string; stageVersions: string } {
  const prov = analysis?.provenance ?? [];
  const inputs = [...new Set(prov.map((p) => p.inputHash))].sort();
  return {
    inputHash: inputs.length > 0 ? inputs.join(',') : document.contentHash,
    stageVersions: prov.map((p) => `${p.stage}@${p.version}`).sort().join(','),
  };
}

/**
 * An analysis as the store writes it (both dialects' codec is JSON text, see json-codec.ts):
 * analysis threads call this so that the thread writing the store receives strings, not an
 * object graph to copy and encode. With `consume`, the caller hands the analysis over and will
 * not read it again: span texts are dropped from it in place instead of from a copy. `grouping`
 * is the document's grouping record, serialised, when the caller made one; the digest, which
 * regrouping reads only in its absence, is then left out. `digest: false` leaves it out too, for
 * a caller that will add the record itself.
 */
export function serialiseAnalysis(
  analysis: Analysis, document: Document, options: { consume?: boolean; grouping?: string; digest?: boolean } = {},
): SerialisedAnalysis {
  const text = document.text;
  const a = options.consume ? dropSpanTextsInPlace(analysis, text) : withoutSpanTexts(analysis, text);
  // The digest holds the analysis's own actors, events and commitments: each is encoded once.
  const encoded = new Map<unknown, string>();
  return {
    json: encodeFields(a, encoded),
    digest: options.grouping === undefined && options.digest !== false ? encodeFields(analysisDigest(a), encoded) : null,
    grouping: options.grouping ?? null,
    ...analysisKey(analysis, document),
  };
}

/** JSON.stringify of a plain object, reusing the encoding of any field value found in `encoded` (and adding to it). */
function encodeFields(o: object, encoded: Map<unknown, string>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (value === undefined) continue;
    let json = encoded.get(value);
    if (json === undefined) {
      json = JSON.stringify(value);
      if (typeof value === 'object' && value !== null) encoded.set(value, json);
    }
    parts.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${parts.join(',')}}`;
}

type TextSpanLike = { start: number; end: number; text: string };

/** Whether the span's text is the document's text at its offsets, so it can be left out and restored exactly. */
function textFromDocument(x: TextSpanLike, text: string): boolean {
  return x.text.length > 0 && text.slice(x.start, x.end) === x.text;
}

/** The span with its text left out (JSON drops undefined) when the document says the same. */
function spanless<T extends TextSpanLike>(x: T, text: string): T {
  return textFromDocument(x, text) ? { ...x, text: undefined as unknown as string } : x;
}

/**
 * An analysis without the words it quotes from its document: every quote, claim, event,
 * commitment and mention repeats its sentence or phrase, a third of the bytes. A text is left
 * out only when the document's text at the span's offsets is exactly it, so restoring is exact.
 */
export function withoutSpanTexts(a: Analysis, text: string): Analysis {
  return {
    ...a,
    actors: a.actors.map((x) => ({ ...x, mentions: x.mentions.map((m) => spanless(m, text)) })),
    issues: a.issues.map((x) => ({ ...x, mentions: x.mentions.map((m) => spanless(m, text)) })),
    quotes: a.quotes.map((x) => spanless(x, text)),
    claims: a.claims.map((x) => spanless(x, text)),
    events: a.events.map((x) => spanless(x, text)),
    commitments: a.commitments.map((x) => spanless(x, text)),
  };
}

function dropTexts(list: TextSpanLike[], text: string): void {
  for (const x of list) if (textFromDocument(x, text)) (x as { text?: string | undefined }).text = undefined;
}

/** Every list of spans in an analysis whose texts come from the document (one place names them). */
function spanLists(a: Analysis): TextSpanLike[][] {
  return [...a.actors.map((x) => x.mentions), ...a.issues.map((x) => x.mentions), a.quotes, a.claims, a.events, a.commitments];
}

/** withoutSpanTexts on the analysis itself, which is left without them: for an analysis about to be discarded. */
function dropSpanTextsInPlace(a: Analysis, text: string): Analysis {
  for (const list of spanLists(a)) dropTexts(list, text);
  return a;
}

function restoreSpans(list: TextSpanLike[], text: string): void {
  for (const x of list) if (x.text === undefined) x.text = text.slice(x.start, x.end);
}

/** Puts back what withoutSpanTexts left out (in place; older rows with every text pass unchanged). */
export function withSpanTexts(a: Analysis, text: string): Analysis {
  for (const list of spanLists(a)) restoreSpans(list, text);
  return a;
}

export const isSerialised = (doc: DocumentToStore): doc is SerialisedDocument => 'serialised' in doc;

/**
 * The part of an analysis story grouping reads: actors, events, commitments and issue weights.
 * Quotes, claims, sentences and issue mentions (most of the bytes) are left empty.
 */
export function analysisDigest(a: Analysis): Analysis {
  return {
    documentId: a.documentId, lang: a.lang, provenance: a.provenance, sentences: [],
    actors: a.actors, issues: a.issues.map((i) => ({ id: i.id, label: i.label, weight: i.weight, mentions: [] })),
    quotes: [], claims: [], events: a.events,
    commitments: a.commitments,
  };
}

