// The tables both adapters share, as Kysely sees them. JSON columns are TEXT on SQLite and JSONB
// on PostgreSQL; `JsonColumn` is whatever the driver hands back (a string or a parsed value) and
// the dialect's `json` codec turns it into a value.
import type { Generated } from 'kysely';

export type JsonColumn = unknown;

export interface SourcesTable {
  id: string;
  name: string;
  homepage: string | null;
  country: string;
  kind: string;
  language: string;
  feeds: JsonColumn;
}

export interface DocumentsTable {
  seq: Generated<number>;
  id: string;
  url: string | null;
  canonical_url: string | null;
  source_id: string | null;
  title: string;
  byline: string | null;
  published_at: string | null;
  modified_at: string | null;
  /** ISO-8601 UTC of published_at, else fetched_at: the key that orders and pages documents. */
  sort_at: string;
  lang: string | null;
  site_name: string | null;
  text: string;
  html: string | null;
  content_hash: string;
  fetched_at: string;
  extractor_name: string;
  extractor_version: string;
  version: number;
}

export interface DocumentVersionsTable {
  document_id: string;
  version: number;
  content_hash: string;
  title: string;
  /** NULL while this version is the current one: its text then lives in documents.text. */
  text: string | null;
  fetched_at: string;
}

export interface AnalysesTable {
  document_id: string;
  analysis: JsonColumn | null;
  /** What story grouping reads of `analysis` (see analysisDigest); NULL in rows written before 0003. */
  digest: JsonColumn | null;
  /**
   * What story grouping reads of the document, made where it was analysed (a GroupingRecord of
   * the stories stage; opaque here). NULL when none was made: regrouping then reads the digest.
   */
  grouping: JsonColumn | null;
  report: JsonColumn;
  input_hash: string;
  stage_versions: string;
  updated_at: string;
}

export interface FailuresTable {
  id: Generated<number>;
  input: string;
  stage: string;
  code: string;
  message: string;
  at: string;
}

export interface StoriesTable {
  id: string;
  title: string;
  start_at: string;
  end_at: string;
  position: number;
  payload: JsonColumn;
}

export interface StoryDocumentsTable {
  story_id: string;
  document_id: string;
  position: number;
}

export interface ComparisonsTable {
  story_id: string;
  payload: JsonColumn;
  saved_at: string;
}

export interface FeedStatesTable {
  url: string;
  source_id: string | null;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  interval_seconds: number;
  next_poll_at: string;
  failures: number;
  disabled: number;
  last_error: string | null;
}

export interface MigrationsTable {
  name: string;
  applied_at: string;
}

export interface Database {
  sources: SourcesTable;
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  analyses: AnalysesTable;
  failures: FailuresTable;
  stories: StoriesTable;
  story_documents: StoryDocumentsTable;
  comparisons: ComparisonsTable;
  feed_states: FeedStatesTable;
  readout_migrations: MigrationsTable;
}
