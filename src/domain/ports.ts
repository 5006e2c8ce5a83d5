// Ports: what the application needs from the outside world. Adapters live in src/storage,
// src/stages/ingest (fetching) and src/app (clock); tests use fakes implementing these.
import type {
  Analysis, Comparison, Document, IngestSummary, ReportEntry, Source, Story,
} from './types.js';

export interface Clock {
  now(): Date;
}

export interface FetchRequest {
  url: string;
  /** Conditional GET validators from the previous fetch. */
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
}

export interface FetchResponse {
  /** The URL after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Decompressed body, capped in size. Empty on 304. */
  body: Uint8Array;
  notModified: boolean;
}

export interface Fetcher {
  fetch(req: FetchRequest, signal?: AbortSignal): Promise<FetchResponse>;
}

export type PutStatus = 'stored' | 'duplicate' | 'updated';

export interface PutResult {
  status: PutStatus;
  id: string;
  /** Version number of the text now current (1 for the first). */
  version: number;
}

export interface DocumentVersion {
  documentId: string;
  version: number;
  contentHash: string;
  title: string;
  text: string;
  fetchedAt: string;
  /** What changed since the previous version, sentence by sentence (filled by the application). */
  changes?: { op: 'added' | 'removed' | 'changed'; before: string | null; after: string | null }[];
}

export interface DocumentQuery {
  since?: string;
  until?: string;
  sourceId?: string;
  limit?: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SearchHit {
  documentId: string;
  title: string;
  snippet: string;
  publishedAt: string | null;
  sourceId: string | null;
}

export interface StoredFailure {
  input: string;
  stage: string;
  code: string;
  message: string;
  at: string;
}

export interface FeedState {
  url: string;
  sourceId: string | null;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  intervalSeconds: number;
  nextPollAt: string;
  failures: number;
  disabled: boolean;
  lastError: string | null;
}

/** A document and its analysis, as the pipeline hands it to the store. */
export interface StoredDocument {
  document: Document;
  analysis: Analysis | null;
  report: ReportEntry[];
}

/**
 * An analysis already serialised for the store (by an analysis thread, so the writer never holds
 * or copies the object): the JSON of the analysis and of its grouping digest, and what decides
 * whether a stored analysis is stale. Made by the storage module's serialiseAnalysis.
 */
export interface SerialisedAnalysis {
  /**
   * The JSON, as a string or as its UTF-8 bytes: an analysis thread hands bytes over without a
   * copy and the store has the database decode them, so they never become a string in between.
   */
  json: string | Uint8Array;
  /** The grouping digest (see analysisDigest); null when a grouping record stands in for it. */
  digest: string | null;
  /** What story grouping reads of the document, serialised (the stories stage's GroupingRecord), or null. */
  grouping: string | Uint8Array | null;
  inputHash: string;
  stageVersions: string;
}

/** A document to store whose analysis arrives serialised. */
export interface SerialisedDocument {
  document: Document;
  serialised: SerialisedAnalysis;
  report: ReportEntry[];
}

export type DocumentToStore = StoredDocument | SerialisedDocument;

/** Storage port: SQLite and PostgreSQL adapters implement it and pass the same contract suite. */
export interface GroupingInputOptions {
  /** Only these documents (the others are passed over without being decoded). */
  only?: { has(id: string): boolean };
}

export interface StoredGroupingRecord {
  id: string;
  contentHash: string;
  sourceId: string | null;
  record: unknown;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;

  upsertSource(source: Source): Promise<void>;
  getSource(id: string): Promise<Source | null>;
  listSources(): Promise<Source[]>;

  /** Idempotent: the same content twice is stored once; changed text becomes a new version. */
  putDocument(doc: DocumentToStore): Promise<PutResult>;
  /**
   * putDocument for several documents in one transaction (one commit instead of one per document,
   * which is most of the cost of a local ingest). All or nothing: when it throws, nothing of the
   * batch was stored, and the caller can put the documents one by one to isolate the bad one.
   */
  putDocuments(docs: readonly DocumentToStore[]): Promise<PutResult[]>;
  getDocument(id: string): Promise<StoredDocument | null>;
  findDocumentByHash(contentHash: string): Promise<string | null>;
  listDocuments(q?: DocumentQuery): Promise<Page<Document>>;
  countDocuments(): Promise<number>;
  documentVersions(id: string): Promise<DocumentVersion[]>;
  /** Full-text search over every stored document (it first indexes any not yet indexed). */
  search(query: string, opts?: { limit?: number }): Promise<SearchHit[]>;
  /**
   * Indexes for search the documents stored since it last ran, where the database defers that
   * (SQLite); on a thread of its own when the backlog is large and the store can start one. An
   * ingest calls it when done writing, beside regrouping; search() would otherwise pay for it.
   */
  indexPendingText(): Promise<void>;
  /** Every document with its analysis, oldest first, in pages (for grouping and comparison). */
  iterateDocuments(batchSize?: number): AsyncIterable<StoredDocument>;
  /**
   * Every document, in iterateDocuments' order, without its HTML and without reading its
   * analysis: what syndication detection remembers of a store before an ingest. With `newest`,
   * only the newest that many (still oldest first).
   */
  iterateDocumentTexts(batchSize?: number, options?: { newest?: number }): AsyncIterable<Document>;
  /**
   * Every analysed document, oldest first, for story grouping: the analysis holds only actors,
   * events, commitments and issue weights (quotes, claims, sentences and issue mentions are
   * empty) and the document has no HTML, so a large store regroups in little memory.
   */
  iterateGroupingInputs(batchSize?: number, options?: GroupingInputOptions): AsyncIterable<StoredDocument & { analysis: Analysis }>;
  /**
   * Every document iterateGroupingInputs yields, in the same order, with its grouping record
   * (parsed JSON, or null when none was stored) and neither text nor analysis.
   */
  iterateGroupingRecords(batchSize?: number): AsyncIterable<StoredGroupingRecord>;
  /** Stores grouping records made while regrouping, each only if its document still has that content hash. */
  saveGroupingRecords(records: readonly { documentId: string; contentHash: string; record: string }[]): Promise<void>;

  recordFailure(failure: StoredFailure): Promise<void>;
  listFailures(limit?: number): Promise<StoredFailure[]>;

  replaceStories(stories: Story[]): Promise<void>;
  listStories(q?: { since?: string; limit?: number }): Promise<Story[]>;
  getStory(id: string): Promise<Story | null>;
  saveComparison(storyId: string, comparison: Comparison): Promise<void>;
  getComparison(storyId: string): Promise<Comparison | null>;

  getFeedState(url: string): Promise<FeedState | null>;
  putFeedState(state: FeedState): Promise<void>;
  listFeedStates(): Promise<FeedState[]>;
}

export type { IngestSummary };
