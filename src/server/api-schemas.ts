// The JSON shapes of the HTTP API, as zod schemas: they validate requests and describe responses
// in the OpenAPI document. Response schemas follow src/domain/types.ts and app-types.ts.
import { z } from '@hono/zod-openapi';
import { ERROR_CODES, MODALITIES, PLOVER_TYPES, SOURCE_KINDS } from '../domain/index.js';

const errorCodes = Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]];

export const ErrorSchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
  }),
}).openapi('Error');

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional().openapi({ description: 'Page size (default 50, at most 500).' }),
  cursor: z.string().max(512).optional().openapi({ description: 'The nextCursor of the previous page.' }),
});

export const IdParam = z.object({ id: z.string().min(1).max(512).openapi({ param: { name: 'id', in: 'path' } }) });

const span = { start: z.number().int(), end: z.number().int() };
const textSpan = { ...span, text: z.string() };

export const SourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  homepage: z.string().optional(),
  country: z.string(),
  kind: z.enum(SOURCE_KINDS),
  language: z.string(),
  feeds: z.array(z.string()),
}).openapi('Source');

export const ReportEntrySchema = z.object({
  stage: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  code: z.string(),
  message: z.string(),
}).openapi('ReportEntry');

export const DocumentSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  sourceId: z.string().nullable(),
  publishedAt: z.string().nullable(),
  lang: z.string().nullable(),
  siteName: z.string().nullable(),
  snippet: z.string().nullable().openapi({ description: 'Search snippet (with `q`), else null.' }),
}).openapi('DocumentSummary');

export const DocumentSchema = z.object({
  id: z.string(),
  url: z.string().nullable(),
  canonicalUrl: z.string().nullable(),
  sourceId: z.string().nullable(),
  title: z.string(),
  byline: z.string().nullable(),
  publishedAt: z.string().nullable(),
  modifiedAt: z.string().nullable(),
  lang: z.string().nullable(),
  siteName: z.string().nullable(),
  text: z.string(),
  contentHash: z.string(),
  fetchedAt: z.string(),
  extractor: z.object({ name: z.string(), version: z.string() }),
  hasHtml: z.boolean().openapi({ description: 'The sanitised HTML is served by /api/documents/{id}/html, never inline.' }),
}).openapi('Document');

export const AnalysisSchema = z.object({
  documentId: z.string(),
  lang: z.string().nullable(),
  sentences: z.array(z.object({ ...span, index: z.number().int(), paragraph: z.number().int() })),
  actors: z.array(z.object({
    id: z.string(), name: z.string(), type: z.string(), country: z.string().nullable(), sector: z.string().nullable(),
    mentions: z.array(z.object({ ...textSpan, sentence: z.number().int() })),
  })),
  issues: z.array(z.object({ id: z.string(), label: z.string(), weight: z.number(), mentions: z.array(z.object(textSpan)) })),
  quotes: z.array(z.object({
    ...span, speaker: z.string().nullable(), speakerName: z.string().nullable(), cue: z.string(), text: z.string(),
    direct: z.boolean(), via: z.string().nullable(), sentence: z.number().int(),
  })),
  claims: z.array(z.object({
    ...span, text: z.string(), holder: z.string().nullable(), holderName: z.string().nullable(), via: z.string().nullable(),
    modality: z.enum(MODALITIES), issues: z.array(z.string()), sentence: z.number().int(),
  })),
  events: z.array(z.object({
    ...span, type: z.enum(PLOVER_TYPES), mode: z.string().nullable(), context: z.array(z.string()), cameo: z.string(),
    goldstein: z.number(), actors: z.array(z.string()), recipients: z.array(z.string()), date: z.string().nullable(),
    text: z.string(), sentence: z.number().int(),
  })),
  commitments: z.array(z.object({
    ...span, actor: z.string().nullable(), action: z.string(), object: z.string(), amount: z.number().nullable(),
    unit: z.string().nullable(), period: z.string().nullable(), text: z.string(), sentence: z.number().int(),
  })),
  provenance: z.array(z.object({ stage: z.string(), version: z.string(), inputHash: z.string() })),
}).openapi('Analysis');

export const DocumentDetailSchema = z.object({
  document: DocumentSchema,
  analysis: AnalysisSchema.nullable(),
  report: z.array(ReportEntrySchema),
  source: SourceSchema.nullable(),
}).openapi('DocumentDetail');

export const DocumentVersionSchema = z.object({
  documentId: z.string(), version: z.number().int(), contentHash: z.string(), title: z.string(), text: z.string(), fetchedAt: z.string(),
  changes: z.array(z.object({ op: z.enum(['added', 'removed', 'changed']), before: z.string().nullable(), after: z.string().nullable() })).optional(),
}).openapi('DocumentVersion');

export const StoryListItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  start: z.string(),
  end: z.string(),
  mainEvent: z.object({
    type: z.enum(PLOVER_TYPES).nullable(), mode: z.string().nullable(), actors: z.array(z.string()), date: z.string().nullable(),
  }),
  documentIds: z.array(z.string()),
  links: z.array(z.string()),
  provenance: z.object({ stage: z.string(), version: z.string(), inputHash: z.string() }),
  sources: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string().nullable(), country: z.string().nullable() })),
  divergence: z.number().openapi({ description: '0..1, mean pairwise emphasis distance between sources.' }),
  issues: z.array(z.object({ id: z.string(), weight: z.number() })),
}).openapi('Story');

const claimRef = { source: z.string(), documentId: z.string(), sentence: z.number().int(), text: z.string(), ...span };

export const ComparisonSchema = z.object({
  story: z.object({ id: z.string(), title: z.string(), start: z.string(), end: z.string() }),
  sources: z.array(z.object({
    key: z.string(), name: z.string(), kind: z.enum(SOURCE_KINDS).nullable(), country: z.string().nullable(), documentIds: z.array(z.string()),
  })),
  emphasis: z.record(z.string(), z.record(z.string(), z.number())),
  emphasisByGroup: z.record(z.string(), z.record(z.string(), z.number())),
  unique: z.array(z.object({ ...claimRef, issues: z.array(z.string()) })),
  omissions: z.array(z.object({ source: z.string(), issue: z.string(), coveredBy: z.array(z.string()), reason: z.string() })),
  contradictions: z.array(z.object({ kind: z.string(), topic: z.string(), sides: z.array(z.object({ ...claimRef, value: z.string() })) })),
  relays: z.array(z.object({ from: z.string(), to: z.string(), count: z.number().int(), documentIds: z.array(z.string()) })),
  reusedQuotes: z.array(z.object({ text: z.string(), speaker: z.string().nullable(), sources: z.array(z.string()) })),
  tone: z.record(z.string(), z.number()),
}).openapi('Comparison');

export const ActorListItemSchema = z.object({
  id: z.string(), name: z.string(), type: z.string(), country: z.string().nullable(), documents: z.number().int(),
}).openapi('ActorListItem');

export const ActorProfileSchema = z.object({
  id: z.string(), name: z.string(), type: z.string(), country: z.string().nullable(), sector: z.string().nullable(),
  documents: z.number().int(),
  relations: z.array(z.object({ actor: z.string(), name: z.string(), weight: z.number(), events: z.record(z.string(), z.number()) })),
  quotes: z.array(z.object({ documentId: z.string(), text: z.string(), ...span })),
}).openapi('ActorProfile');

export const IssueSchema = z.object({ id: z.string(), label: z.string(), description: z.string().nullable() }).openapi('Issue');

export const TimelinePointSchema = z.object({
  period: z.string(), group: z.string(), issue: z.string(), weight: z.number(), documents: z.number().int(),
}).openapi('IssueTimelinePoint');

export const CommitmentSchema = z.object({
  documentId: z.string(), documentTitle: z.string(), sourceId: z.string().nullable(), publishedAt: z.string().nullable(),
  actor: z.string().nullable(), action: z.string(), object: z.string(), amount: z.number().nullable(), unit: z.string().nullable(),
  period: z.string().nullable(), text: z.string(), ...span,
}).openapi('Commitment');

export const FailureSchema = z.object({
  input: z.string(), stage: z.string(), code: z.string(), message: z.string(), at: z.string(),
}).openapi('Failure');

export const SessionSchema = z.object({
  csrfToken: z.string().openapi({ description: 'Send back in the X-CSRF-Token header of writes (with the cookie).' }),
  tokenRequired: z.boolean().openapi({ description: 'Writes need Authorization: Bearer <token>.' }),
}).openapi('Session');

export const IngestRequestSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(4096).optional().openapi({ description: 'Alone: fetch and ingest this URL. With text or html: where it was published (not fetched).' }),
  text: z.string().min(1).max(5_000_000).optional(),
  html: z.string().min(1).max(5_000_000).optional(),
  fileName: z.string().max(512).optional(),
  sourceId: z.string().max(200).optional(),
}).strict()
  .refine((b) => !(b.text !== undefined && b.html !== undefined), { message: 'give text or html, not both' })
  .refine((b) => b.url !== undefined || b.text !== undefined || b.html !== undefined, { message: 'give a url, a text or an html body' })
  .openapi('IngestRequest');

export const IngestResultSchema = z.object({
  status: z.enum(['stored', 'duplicate', 'updated', 'failed']),
  id: z.string().nullable(),
  report: z.array(ReportEntrySchema),
  summary: z.object({ seen: z.number().int(), stored: z.number().int(), duplicates: z.number().int(), updated: z.number().int(), failed: z.number().int() }).nullable(),
}).openapi('IngestResult');

/** A page of items with the cursor of the next one. */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}
