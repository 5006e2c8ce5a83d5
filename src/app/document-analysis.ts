// extract → resolve source → analyse for one input: the work of `readout analyze` and of each
// ingested document, shared by the main thread and the analysis worker threads.
import { ReadoutError, type Analysis, type Document, type RawInput, type ReportEntry, type SerialisedAnalysis, type Source } from '../domain/index.js';
import type { GroupingReader } from '../stages/stories/index.js';
// The serialiser alone, not the storage index: analysis threads load no database driver.
import { serialiseAnalysis } from '../storage/analysis-serialiser.js';
import type { Extractor } from '../stages/extract/index.js';
import type { AnalyzeInput } from './app-types.js';
import type { createSourceResolver } from './source-resolver.js';

export interface DocumentAnalysisDeps {
  extract: Extractor;
  resolveSource: ReturnType<typeof createSourceResolver>;
  analyze: (doc: Document) => { analysis: Analysis; report: ReportEntry[] };
}

export interface AnalyzedInput {
  document: Document;
  source: Source | null;
  analysis: Analysis;
  report: ReportEntry[];
  /** The source is new to the catalogue and should be stored. */
  createdSource: boolean;
  labels: Record<string, string>;
}

/**
 * An analysed input ready for the store: what an analysis thread sends back. Its JSON moves
 * between threads as bytes, where the analysis object (tens of kilobytes of small objects) would
 * be cloned, then encoded again. Its grouping record is half made (`recordPart`): the thread that
 * stores it adds what is read from the text (completeForStore), so that each thread does a share.
 */
export interface PreparedInput extends Omit<AnalyzedInput, 'analysis'> {
  serialised: SerialisedAnalysis;
  /** The analysis part of the document's grouping record, as JSON. */
  recordPart: string;
}

/**
 * Takes `analyzed.analysis` over: it is read for grouping (`reader`), then serialised in place,
 * and must not be read afterwards.
 */
export function prepareForStore(analyzed: AnalyzedInput, reader: GroupingReader): PreparedInput {
  const { analysis, ...rest } = analyzed;
  const recordPart = JSON.stringify(reader.readAnalysis({ document: analyzed.document, analysis, source: null }));
  return {
    ...rest,
    serialised: serialiseAnalysis(analysis, analyzed.document, { consume: true, digest: false }),
    recordPart,
  };
}

/**
 * The analysis as the store writes it, with its whole grouping record, and the text's word hashes
 * the record was read from (syndication reuses them). A part made by a reader with other stop
 * words or options (another key) is not completed: the document is stored without a record, and
 * regrouping reads it in full.
 */
export function completeForStore(prepared: PreparedInput, reader: GroupingReader): { serialised: SerialisedAnalysis; words: Uint32Array } {
  const { part, words } = reader.readTextWords(prepared.document);
  return { serialised: { ...prepared.serialised, grouping: reader.joinParts(prepared.recordPart, part) }, words };
}

export function toRawInput(input: AnalyzeInput, fetchedAt: string): RawInput {
  return {
    bytes: input.bytes,
    url: input.url ?? null,
    contentType: input.contentType ?? null,
    fileName: input.fileName ?? null,
    fetchedAt,
  };
}

/** `--date` overrides the publication time the page gave. */
export function applyOverrides(doc: Document, input: AnalyzeInput): Document {
  if (!input.date) return doc;
  const t = Date.parse(input.date);
  if (Number.isNaN(t)) throw new ReadoutError('E_USAGE', `--date "${input.date}" is not a date; use ISO such as 2025-11-25`);
  return { ...doc, publishedAt: new Date(t).toISOString() };
}

export function analyzeDocumentInput(deps: DocumentAnalysisDeps, input: AnalyzeInput, fetchedAt: string): AnalyzedInput {
  const extracted = deps.extract(toRawInput(input, fetchedAt));
  const { source, created } = deps.resolveSource({
    explicitId: input.sourceId ?? null,
    hint: extracted.sourceHint,
    url: extracted.document.canonicalUrl ?? extracted.document.url,
    siteName: extracted.document.siteName,
  });
  const document = applyOverrides({ ...extracted.document, sourceId: source?.id ?? null }, input);
  const { analysis, report } = deps.analyze(document);
  return { document, source, analysis, report: [...extracted.report, ...report], createdSource: created, labels: extracted.labels };
}
