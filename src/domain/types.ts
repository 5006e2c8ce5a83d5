// The vocabulary of readout. Plain data only: no behaviour, no imports from outside src/domain.

export const SOURCE_KINDS = ['government', 'state-media', 'wire', 'press', 'commentary', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** An outlet or an office that publishes. */
export interface Source {
  id: string;
  name: string;
  homepage?: string;
  /** ISO 3166-1 alpha-3, or an organisation code such as EUR for the EU; '' when unknown. */
  country: string;
  kind: SourceKind;
  /** BCP-47 primary language, e.g. "en", "zh". */
  language: string;
  feeds: string[];
}

/** Which stage (and which version of it) produced a record, from which input. */
export interface Provenance {
  stage: string;
  version: string;
  /** Content hash of the input the stage read (normally the document's contentHash). */
  inputHash: string;
}

export type ReportLevel = 'info' | 'warning' | 'error';

/** One diagnostic a stage attached to a document (in the spirit of unified's vfile messages). */
export interface ReportEntry {
  stage: string;
  level: ReportLevel;
  code: string;
  message: string;
}

/** A half-open span [start, end) in UTF-16 code units into Document.text. */
export interface Span {
  start: number;
  end: number;
}

export interface TextSpan extends Span {
  text: string;
}

/** One fetched or read statement or article, with its provenance. */
export interface Document {
  /** Stable id: derived from the canonical URL when there is one, else from the content hash. */
  id: string;
  url: string | null;
  canonicalUrl: string | null;
  sourceId: string | null;
  title: string;
  byline: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  lang: string | null;
  siteName: string | null;
  text: string;
  /** sha256 hex of the normalised text. */
  contentHash: string;
  fetchedAt: string;
  extractor: { name: string; version: string };
  /** Sanitised HTML of the main content, when the input was HTML. Never executed. */
  html?: string | null;
}

export const ACTOR_TYPES = ['person', 'organisation', 'country', 'unresolved'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** A role an actor held, e.g. { title: "President", of: "USA", from: "2025-01-20" }. */
export interface ActorRole {
  title: string;
  of?: string;
  from?: string;
  to?: string;
}

/** A canonical person, organisation or country from the gazetteer. */
export interface Actor {
  id: string;
  name: string;
  type: ActorType;
  aliases: string[];
  titles?: string[];
  country: string;
  sector: string;
  roles?: ActorRole[];
  wikidata?: string;
  /** For metonyms: "Beijing" stands for CHN-GOV. */
  standsFor?: string;
}

export interface ActorMention extends TextSpan {
  sentence: number;
}

/** An actor as it occurs in one document. */
export interface DocActor {
  id: string;
  name: string;
  type: ActorType;
  country: string | null;
  sector: string | null;
  mentions: ActorMention[];
}

/** An issue of the relationship, from the taxonomy in data/issues. */
export interface Issue {
  id: string;
  label: string;
  description?: string;
}

export interface DocIssue {
  id: string;
  label: string;
  /** Share of the document's issue attention, 0..1; weights of a document sum to 1. */
  weight: number;
  mentions: TextSpan[];
}

export interface Quote extends Span {
  speaker: string | null;
  speakerName: string | null;
  cue: string;
  text: string;
  direct: boolean;
  /** Actor id of the source the quote is relayed through ("…, Xinhua reported"). */
  via: string | null;
  sentence: number;
}

export const MODALITIES = ['asserted', 'reported', 'hedged', 'denied', 'hypothetical'] as const;
export type Modality = (typeof MODALITIES)[number];

export interface Claim extends Span {
  text: string;
  holder: string | null;
  holderName: string | null;
  via: string | null;
  modality: Modality;
  issues: string[];
  sentence: number;
}

export const PLOVER_TYPES = [
  'CONSULT', 'AGREE', 'REQUEST', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT',
  'ACCUSE', 'REJECT', 'THREATEN', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT', 'PROTEST',
] as const;
export type PloverType = (typeof PLOVER_TYPES)[number];

export interface DiplomaticEvent extends Span {
  type: PloverType;
  /** PLOVER mode, e.g. "phone", "visit", "third-party", "multilateral", "invite", "accept". */
  mode: string | null;
  context: string[];
  /** CAMEO root code, two digits ("04" consult). */
  cameo: string;
  goldstein: number;
  actors: string[];
  recipients: string[];
  /** ISO date (YYYY-MM-DD) resolved against the document date, or null. */
  date: string | null;
  text: string;
  sentence: number;
}

export interface Commitment extends Span {
  actor: string | null;
  action: string;
  object: string;
  amount: number | null;
  unit: string | null;
  period: string | null;
  text: string;
  sentence: number;
}

export interface Sentence extends Span {
  index: number;
  paragraph: number;
}

/** Everything the analysis stages extracted from one document. */
export interface Analysis {
  documentId: string;
  lang: string | null;
  sentences: Sentence[];
  actors: DocActor[];
  issues: DocIssue[];
  quotes: Quote[];
  claims: Claim[];
  events: DiplomaticEvent[];
  commitments: Commitment[];
  provenance: Provenance[];
}

/** Documents about the same real-world event. */
export interface Story {
  id: string;
  title: string;
  start: string;
  end: string;
  /** The event that defines the story, e.g. { type: CONSULT, mode: phone, actors: [..] }. */
  mainEvent: {
    type: PloverType | null;
    mode: string | null;
    actors: string[];
    date: string | null;
  };
  documentIds: string[];
  /** Reserved for cross-language linking of stories. */
  links: string[];
  provenance: Provenance;
  /** Filled by the application when it regroups: what a story list shows at a glance. */
  summary?: StorySummary;
}

export interface StorySummary {
  sources: { id: string; name: string; kind: SourceKind | null; country: string | null }[];
  /** 0..1: how differently the sources weigh the issues (mean pairwise distance of emphasis). */
  divergence: number;
  issues: { id: string; weight: number }[];
}

export interface SourceSide {
  /** A source id, or a group key such as "kind:government" or "country:CHN". */
  key: string;
  name: string;
  kind: SourceKind | null;
  country: string | null;
  documentIds: string[];
}

export interface UniqueClaim {
  source: string;
  documentId: string;
  sentence: number;
  text: string;
  start: number;
  end: number;
  issues: string[];
}

export interface Omission {
  source: string;
  issue: string;
  coveredBy: string[];
  reason: string;
}

export interface ContradictionSide {
  source: string;
  documentId: string;
  sentence: number;
  text: string;
  value: string;
  start: number;
  end: number;
}

export interface Contradiction {
  kind: string;
  topic: string;
  sides: ContradictionSide[];
}

export interface Relay {
  from: string;
  to: string;
  count: number;
  documentIds: string[];
}

/** A story's sources side by side. */
export interface Comparison {
  story: { id: string; title: string; start: string; end: string };
  sources: SourceSide[];
  /** source → issue → share of that source's attention. */
  emphasis: Record<string, Record<string, number>>;
  /** Emphasis grouped by source kind and by country. */
  emphasisByGroup: Record<string, Record<string, number>>;
  unique: UniqueClaim[];
  omissions: Omission[];
  contradictions: Contradiction[];
  relays: Relay[];
  reusedQuotes: { text: string; speaker: string | null; sources: string[] }[];
  tone: Record<string, number>;
  /** Per primary source: how many press/wire documents (of how many) relay it. */
  relayShares?: { from: string; count: number; of: number; share: number }[];
  /** Plain-language findings, e.g. "No readout from white-house (USA) in this story; …". */
  notes?: string[];
}

/** The summary `readout ingest --json` ends with. */
export interface IngestSummary {
  seen: number;
  stored: number;
  duplicates: number;
  updated: number;
  failed: number;
}

/** Bytes as read from a file, stdin or the network, before extraction. */
export interface RawInput {
  bytes: Uint8Array;
  url: string | null;
  contentType: string | null;
  fileName: string | null;
  fetchedAt: string;
}

/** What the input itself says about where it comes from (front matter, site name, URL host). */
export interface SourceHint {
  id: string | null;
  name: string | null;
  country: string | null;
  kind: SourceKind | null;
}

/** A document as extraction returns it, before storage and analysis. */
export interface Extracted {
  document: Document;
  sourceHint: SourceHint;
  /** Other front-matter fields, e.g. `event` (gold story label in the sample corpus). */
  labels: Record<string, string>;
  report: ReportEntry[];
}
