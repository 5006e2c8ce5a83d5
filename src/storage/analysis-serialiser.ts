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

/**
 * JSON.stringify of a plain object with its lists of records packed (packRecords), reusing the
 * encoding of any field value found in `encoded` (and adding to it).
 */
function encodeFields(o: object, encoded: Map<unknown, string>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (value === undefined) continue;
    let json = encoded.get(value);
    if (json === undefined) {
      json = JSON.stringify(typeof value === 'object' && value !== null ? packRecords(value) : value);
      if (typeof value === 'object' && value !== null) encoded.set(value, json);
    }
    parts.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${parts.join(',')}}`;
}

// A packed list of records: `{ "$k": [field names], "$v": [values, record after record] }`. No
// analysis object has a field whose name starts with "$", so the marker cannot be mistaken.
const FIELDS = '$k';
const VALUES = '$v';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * `value` with every list of two or more records that have the same fields in the same order
 * (mentions, quotes, claims, events…) written once as the field names and once as a flat list
 * of values. Half the bytes of an analysis's JSON are field names repeated in every record;
 * packed, the JSON is half as long, and writing, moving and parsing it cost less. Undefined
 * fields are left out, as JSON leaves them out. unpackRecords restores the value exactly.
 */
export function packRecords(value: unknown): unknown {
  if (Array.isArray(value)) {
    const n = value.length;
    const first: unknown = value[0];
    if (n >= 2 && isRecord(first)) {
      const fields: string[] = [];
      for (const k in first) if (first[k] !== undefined) fields.push(k);
      const width = fields.length;
      const flat: unknown[] = new Array<unknown>(n * width);
      let uniform = width > 0;
      for (let i = 0; uniform && i < n; i++) {
        const o: unknown = value[i];
        if (!isRecord(o)) { uniform = false; break; }
        let c = 0;
        for (const k in o) {
          const x = o[k];
          if (x === undefined) continue;
          if (fields[c] !== k) { uniform = false; break; }
          flat[i * width + c] = typeof x === 'object' && x !== null ? packRecords(x) : x;
          c++;
        }
        if (c !== width) uniform = false;
      }
      if (uniform) return { [FIELDS]: fields, [VALUES]: flat };
    }
    const out: unknown[] = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const x: unknown = value[i];
      out[i] = typeof x === 'object' && x !== null ? packRecords(x) : x;
    }
    return out;
  }
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k in value) {
    const x = value[k];
    out[k] = typeof x === 'object' && x !== null ? packRecords(x) : x;
  }
  return out;
}

/** What packRecords packed, unpacked in place (a parsed value of our own, not shared). JSON without packed lists passes unchanged. */
export function unpackRecords(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i];
      if (typeof x === 'object' && x !== null) value[i] = unpackRecords(x);
    }
    return value;
  }
  if (!isRecord(value)) return value;
  const fields = value[FIELDS];
  const flat = value[VALUES];
  if (Array.isArray(fields) && Array.isArray(flat)) {
    const width = fields.length;
    const n = width === 0 ? 0 : flat.length / width;
    const out: Record<string, unknown>[] = new Array<Record<string, unknown>>(n);
    for (let i = 0; i < n; i++) {
      const o: Record<string, unknown> = {};
      for (let c = 0; c < width; c++) {
        const x: unknown = flat[i * width + c];
        o[fields[c] as string] = typeof x === 'object' && x !== null ? unpackRecords(x) : x;
      }
      out[i] = o;
    }
    return out;
  }
  for (const k in value) {
    const x = value[k];
    if (typeof x === 'object' && x !== null) value[k] = unpackRecords(x);
  }
  return value;
}

/** A stored analysis (or digest) as its JSON parsed: lists unpacked, span texts restored from the document's text. */
export function restoreAnalysis(parsed: unknown, text: string): Analysis {
  return withSpanTexts(unpackRecords(parsed) as Analysis, text);
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

