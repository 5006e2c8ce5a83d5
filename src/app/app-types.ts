// The application layer's surface: what the CLI and the HTTP server may call. Both are thin shells
// over this interface; neither reaches into stages or storage directly.
import type {
  Analysis, Commitment, Comparison, Document, DocumentQuery, DocumentVersion, IngestSummary, Page, ReportEntry,
  SearchHit, Source, Story, StoredFailure, StorySummary,
} from '../domain/index.js';

export interface AnalyzeInput {
  /** Raw bytes as read from a file, stdin or a URL. */
  bytes: Uint8Array;
  fileName?: string | null;
  url?: string | null;
  contentType?: string | null;
  /** Overrides: `--source ID`, `--date ISO`. */
  sourceId?: string | null;
  date?: string | null;
}

export interface AnalyzeOutput {
  document: Document;
  source: Source | null;
  analysis: Analysis;
  report: ReportEntry[];
}

export interface IngestOptions {
  allowPrivateNetwork?: boolean;
  /** Called after every input with running totals, for progress bars. */
  onProgress?: (p: { done: number; total: number | null; current: string; summary: IngestSummary }) => void;
  /** Called for every warning or error, one line, for stderr. */
  onLog?: (line: string) => void;
  signal?: AbortSignal;
  /** Keep polling the catalogue's feeds on schedule until the signal aborts. */
  watch?: boolean;
  /** Regroup stories when done (default true; workers regroup on their own schedule). */
  regroup?: boolean;
  /**
   * Worker threads that extract and analyse. Default: when a batch is large (200+ local
   * documents), one per core beside the main thread's (at least 1, at most 4). A number given
   * here is used for any batch; 0 analyses on the main thread.
   */
  threads?: number;
}

/** A story with its at-a-glance summary always present (empty for stories stored without one). */
export interface StoryListItem extends Story, StorySummary {}

export interface IssueTimelinePoint {
  /** YYYY-MM-DD (day) or YYYY-MM (month). */
  period: string;
  /** Source kind (government, state-media, …) or source id. */
  group: string;
  issue: string;
  weight: number;
  documents: number;
}

export interface ActorProfile {
  id: string;
  name: string;
  type: string;
  country: string | null;
  sector: string | null;
  documents: number;
  /** Co-occurrence and event relations with other actors. */
  relations: { actor: string; name: string; weight: number; events: Record<string, number> }[];
  quotes: { documentId: string; text: string; start: number; end: number }[];
}

/** A commitment with the document it was found in (the ledger's row). */
export interface CommitmentEntry extends Omit<Commitment, 'sentence'> {
  documentId: string;
  documentTitle: string;
  sourceId: string | null;
  publishedAt: string | null;
}

export interface ReadoutApp {
  /** Read a file path or fetch an http(s) URL into an AnalyzeInput, enforcing size limits. */
  loadInput(spec: string, options?: { allowPrivateNetwork?: boolean; url?: string | null }): Promise<AnalyzeInput>;
  /** Read a stream (stdin) into an AnalyzeInput, enforcing size limits. */
  loadStream(stream: AsyncIterable<Uint8Array>, options?: { url?: string | null; fileName?: string | null }): Promise<AnalyzeInput>;
  analyze(input: AnalyzeInput): Promise<AnalyzeOutput>;
  extract(input: AnalyzeInput): Promise<{ document: Document; report: ReportEntry[] }>;
  /** Files, folders, URLs, feeds and OPML files. */
  ingest(inputs: string[], options?: IngestOptions): Promise<IngestSummary>;
  /** Queue files (folders expanded), URLs and feeds as jobs for `readout worker` processes. */
  enqueue(inputs: string[]): Promise<{ enqueued: number; skipped: number }>;
  /** Ingest one already-read document (HTTP POST /api/ingest). */
  ingestBytes(input: AnalyzeInput): Promise<{ status: 'stored' | 'duplicate' | 'updated' | 'failed'; id: string | null; report: ReportEntry[] }>;

  listSources(): Promise<Source[]>;
  addSource(source: Source): Promise<void>;
  importOpml(xml: string): Promise<Source[]>;
  exportOpml(): Promise<string>;

  listDocuments(q?: DocumentQuery): Promise<Page<Document>>;
  getDocument(id: string): Promise<{ document: Document; analysis: Analysis | null; report: ReportEntry[]; source: Source | null } | null>;
  documentVersions(id: string): Promise<DocumentVersion[]>;
  search(query: string, limit?: number): Promise<SearchHit[]>;
  listFailures(limit?: number): Promise<StoredFailure[]>;

  listStories(q?: { since?: string; limit?: number }): Promise<StoryListItem[]>;
  getStory(id: string): Promise<StoryListItem | null>;
  compareStory(storyId: string): Promise<Comparison>;
  /** Compare loose files without storing them (`readout compare FILE ...`). */
  compareInputs(inputs: AnalyzeInput[]): Promise<Comparison>;
  renderComparison(comparison: Comparison, format: 'md' | 'html'): string;
  brief(storyId: string, format: 'md' | 'html'): Promise<string>;

  issueTimeline(q?: { issue?: string; groupBy?: 'kind' | 'source'; interval?: 'day' | 'month' }): Promise<IssueTimelinePoint[]>;
  listIssues(): Promise<{ id: string; label: string; description: string | null }[]>;
  listActors(q?: { limit?: number }): Promise<{ id: string; name: string; type: string; country: string | null; documents: number }[]>;
  actorProfile(id: string): Promise<ActorProfile | null>;
  commitments(q?: { actor?: string; issue?: string }): Promise<CommitmentEntry[]>;

  /** Load the bundled sample corpus into an empty database; null when it already holds documents. */
  ensureSampleCorpus(options?: { onLog?: (line: string) => void }): Promise<IngestSummary | null>;
  /** Run queued jobs until the signal aborts (`readout worker`). */
  work(options: { concurrency: number; signal: AbortSignal; untilIdle?: boolean }): Promise<void>;

  close(): Promise<void>;
}
