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
 * object graph to copy and encode.
 */
export function serialiseAnalysis(analysis: Analysis, document: Document): SerialisedAnalysis {
  return { json: JSON.stringify(analysis), digest: JSON.stringify(analysisDigest(analysis)), ...analysisKey(analysis, document) };
}

export const isSerialised = (doc: DocumentToStore): doc is SerialisedDocument => 'serialised' in doc;

/**
 * The part of an analysis story grouping reads: actors, events, commitments and issue weights.
 * Quotes, claims, sentences and issue mentions (most of the bytes) are left empty, and events
 * keep who, what, when and where in the text, not their words or coding details.
 */
export function analysisDigest(a: Analysis): Analysis {
  return {
    documentId: a.documentId, lang: a.lang, provenance: a.provenance, sentences: [],
    actors: a.actors, issues: a.issues.map((i) => ({ id: i.id, label: i.label, weight: i.weight, mentions: [] })),
    quotes: [], claims: [],
    events: a.events.map((e) => ({
      type: e.type, mode: e.mode, context: [], cameo: e.cameo, goldstein: e.goldstein, actors: e.actors, recipients: e.recipients,
      date: e.date, start: e.start, end: e.end, text: '', sentence: e.sentence,
    })),
    commitments: a.commitments,
  };
}

