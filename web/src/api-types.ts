// The shapes the dashboard reads from the HTTP API (see /api/openapi.json). The dashboard talks
// only to the API, so these are declared here rather than imported from the server's code.

export type SourceKind = 'government' | 'state-media' | 'wire' | 'press' | 'commentary' | 'other';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Source {
  id: string;
  name: string;
  country: string;
  kind: SourceKind;
  language: string;
}

export interface StoryListItem {
  id: string;
  title: string;
  start: string;
  end: string;
  mainEvent: { type: string | null; mode: string | null; actors: string[]; date: string | null };
  documentIds: string[];
  sources: { id: string; name: string; kind: string | null; country: string | null }[];
  divergence: number;
  issues: { id: string; weight: number }[];
}

export interface ClaimRef {
  source: string;
  documentId: string;
  sentence: number;
  text: string;
  start: number;
  end: number;
}

export interface Comparison {
  story: { id: string; title: string; start: string; end: string };
  sources: { key: string; name: string; kind: SourceKind | null; country: string | null; documentIds: string[] }[];
  emphasis: Record<string, Record<string, number>>;
  emphasisByGroup: Record<string, Record<string, number>>;
  unique: (ClaimRef & { issues: string[] })[];
  omissions: { source: string; issue: string; coveredBy: string[]; reason: string }[];
  contradictions: { kind: string; topic: string; sides: (ClaimRef & { value: string })[] }[];
  relays: { from: string; to: string; count: number; documentIds: string[] }[];
  reusedQuotes: { text: string; speaker: string | null; sources: string[] }[];
  tone: Record<string, number>;
}

export interface DocumentSummary {
  id: string;
  title: string;
  url: string | null;
  sourceId: string | null;
  publishedAt: string | null;
  lang: string | null;
  siteName: string | null;
  snippet: string | null;
}

export interface Span {
  start: number;
  end: number;
}

export interface DocumentDetail {
  document: {
    id: string; url: string | null; canonicalUrl: string | null; sourceId: string | null; title: string; byline: string | null;
    publishedAt: string | null; lang: string | null; siteName: string | null; text: string; fetchedAt: string;
    extractor: { name: string; version: string }; hasHtml: boolean;
  };
  analysis: {
    actors: { id: string; name: string; type: string; mentions: (Span & { text: string })[] }[];
    issues: { id: string; label: string; weight: number }[];
    quotes: (Span & { speakerName: string | null; cue: string; text: string; direct: boolean })[];
    claims: (Span & { text: string; holderName: string | null; modality: string; issues: string[] })[];
    events: (Span & { type: string; mode: string | null; text: string; date: string | null })[];
    commitments: (Span & { action: string; object: string; amount: number | null; unit: string | null; text: string })[];
  } | null;
  report: { stage: string; level: string; code: string; message: string }[];
  source: Source | null;
}

export interface TimelinePoint {
  period: string;
  group: string;
  issue: string;
  weight: number;
  documents: number;
}

export interface Issue {
  id: string;
  label: string;
  description: string | null;
}

export interface ActorListItem {
  id: string;
  name: string;
  type: string;
  country: string | null;
  documents: number;
}

export interface ActorProfile extends ActorListItem {
  sector: string | null;
  relations: { actor: string; name: string; weight: number; events: Record<string, number> }[];
  quotes: { documentId: string; text: string; start: number; end: number }[];
}

export interface CommitmentEntry {
  documentId: string;
  documentTitle: string;
  sourceId: string | null;
  publishedAt: string | null;
  actor: string | null;
  action: string;
  object: string;
  amount: number | null;
  unit: string | null;
  period: string | null;
  text: string;
  start: number;
  end: number;
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}
