// The JSON API: one createRoute per endpoint (request validation + OpenAPI description) and a
// handler that calls the ReadoutApp and nothing else. Handlers throw ReadoutError; the app's
// onError turns that into `{error: {code, message}}` with the matching status.
import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ReadoutApp } from '../app/app-types.js';
import type { Document, SearchHit } from '../domain/index.js';
import { ReadoutError } from '../domain/index.js';
import {
  ActorListItemSchema, ActorProfileSchema, CommitmentSchema, ComparisonSchema, DocumentDetailSchema,
  DocumentSummarySchema, DocumentVersionSchema, ErrorSchema, FailureSchema, IdParam, IngestRequestSchema,
  IngestResultSchema, IssueSchema, PageQuery, SessionSchema, SourceSchema, StoryListItemSchema, TimelinePointSchema,
  pageOf,
} from './api-schemas.js';
import { DOCUMENT_FRAME_CSP } from './security-headers.js';
import type { SecurityVariables } from './security-headers.js';
import { issueCsrfToken } from './write-guard.js';
import { renderDocumentFrame } from './document-frame.js';

export type ApiEnv = { Variables: SecurityVariables };

const DEFAULT_LIMIT = 50;

const errors = {
  400: { description: 'Invalid request (E_USAGE)', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found (E_NOT_FOUND)', content: { 'application/json': { schema: ErrorSchema } } },
  500: { description: 'Server error', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

// --- cursors: opaque to clients, validated on the way in ---------------------------------------

type Cursor = { k: 'offset'; o: number } | { k: 'app'; c: string };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

const CursorSchema = z.union([
  z.object({ k: z.literal('offset'), o: z.number().int().min(0).max(1_000_000) }),
  z.object({ k: z.literal('app'), c: z.string() }),
]);

function decodeCursor(raw: string | undefined): Cursor | null {
  if (raw === undefined || raw === '') return null;
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the usage error
  }
  throw new ReadoutError('E_USAGE', 'invalid cursor: pass the nextCursor of the previous page unchanged');
}

function offsetOf(raw: string | undefined): number {
  const c = decodeCursor(raw);
  if (c === null) return 0;
  if (c.k !== 'offset') throw new ReadoutError('E_USAGE', 'this cursor belongs to another listing; pass the nextCursor of the previous page unchanged');
  return c.o;
}

/** One page of an in-memory list. */
function sliceToPage<T>(all: T[], offset: number, limit: number): { items: T[]; nextCursor: string | null } {
  const items = all.slice(offset, offset + limit);
  const next = offset + limit < all.length ? encodeCursor({ k: 'offset', o: offset + limit }) : null;
  return { items, nextCursor: next };
}

function summaryOfDocument(d: Document) {
  return {
    id: d.id, title: d.title, url: d.url, sourceId: d.sourceId, publishedAt: d.publishedAt, lang: d.lang,
    siteName: d.siteName, snippet: null,
  };
}

function summaryOfHit(h: SearchHit) {
  return {
    id: h.documentId, title: h.title, url: null, sourceId: h.sourceId, publishedAt: h.publishedAt, lang: null,
    siteName: null, snippet: h.snippet,
  };
}

function notFound(what: string, id: string, hint: string): ReadoutError {
  return new ReadoutError('E_NOT_FOUND', `${what} "${id}" does not exist; ${hint}`);
}

// --- routes ------------------------------------------------------------------------------------

const sessionRoute = createRoute({
  method: 'get', path: '/api/session', tags: ['meta'],
  summary: 'A CSRF token for same-origin writes (also set as an HttpOnly cookie)',
  responses: { 200: json(SessionSchema, 'The session') },
});

const sourcesRoute = createRoute({
  method: 'get', path: '/api/sources', tags: ['sources'], summary: 'Every known source',
  responses: { 200: json(z.object({ items: z.array(SourceSchema) }), 'Sources'), 500: errors[500] },
});

const documentsRoute = createRoute({
  method: 'get', path: '/api/documents', tags: ['documents'],
  summary: 'Documents, newest first; with `q`, full-text search hits',
  request: {
    query: PageQuery.extend({
      q: z.string().min(1).max(500).optional().openapi({ description: 'Full-text query' }),
      since: z.string().max(40).optional(),
      until: z.string().max(40).optional(),
      sourceId: z.string().max(200).optional(),
    }),
  },
  responses: { 200: json(pageOf(DocumentSummarySchema, 'DocumentPage'), 'A page of documents'), 400: errors[400], 500: errors[500] },
});

const documentRoute = createRoute({
  method: 'get', path: '/api/documents/{id}', tags: ['documents'],
  summary: 'A document with its analysis, report and source',
  request: { params: IdParam },
  responses: { 200: json(DocumentDetailSchema, 'The document'), 404: errors[404], 500: errors[500] },
});

const documentHtmlRoute = createRoute({
  method: 'get', path: '/api/documents/{id}/html', tags: ['documents'],
  summary: "The document's sanitised HTML, for a sandboxed iframe (CSP forbids scripts and network)",
  request: { params: IdParam },
  responses: {
    200: { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } },
    404: errors[404],
  },
});

const versionsRoute = createRoute({
  method: 'get', path: '/api/documents/{id}/versions', tags: ['documents'], summary: "A document's text versions",
  request: { params: IdParam },
  responses: { 200: json(z.object({ items: z.array(DocumentVersionSchema) }), 'Versions'), 404: errors[404], 500: errors[500] },
});

const storiesRoute = createRoute({
  method: 'get', path: '/api/stories', tags: ['stories'], summary: 'Stories, with sources, divergence and top issues',
  request: { query: PageQuery.extend({ since: z.string().max(40).optional() }) },
  responses: { 200: json(pageOf(StoryListItemSchema, 'StoryPage'), 'A page of stories'), 400: errors[400], 500: errors[500] },
});

const storyRoute = createRoute({
  method: 'get', path: '/api/stories/{id}', tags: ['stories'], summary: 'One story',
  request: { params: IdParam },
  responses: { 200: json(StoryListItemSchema, 'The story'), 404: errors[404], 500: errors[500] },
});

const comparisonRoute = createRoute({
  method: 'get', path: '/api/stories/{id}/comparison', tags: ['stories'], summary: "A story's sources side by side",
  request: { params: IdParam },
  responses: { 200: json(ComparisonSchema, 'The comparison'), 404: errors[404], 500: errors[500] },
});

const briefRoute = createRoute({
  method: 'get', path: '/api/stories/{id}/brief', tags: ['stories'], summary: 'A brief of the story as Markdown or HTML',
  request: { params: IdParam, query: z.object({ format: z.enum(['md', 'html']).default('md') }) },
  responses: {
    200: { description: 'The brief', content: { 'text/markdown': { schema: z.string() }, 'text/html': { schema: z.string() } } },
    400: errors[400], 404: errors[404],
  },
});

const actorsRoute = createRoute({
  method: 'get', path: '/api/actors', tags: ['actors'], summary: 'Actors by number of documents',
  request: { query: PageQuery },
  responses: { 200: json(pageOf(ActorListItemSchema, 'ActorPage'), 'A page of actors'), 400: errors[400], 500: errors[500] },
});

const actorRoute = createRoute({
  method: 'get', path: '/api/actors/{id}', tags: ['actors'], summary: "An actor's profile and relations",
  request: { params: IdParam },
  responses: { 200: json(ActorProfileSchema, 'The actor'), 404: errors[404], 500: errors[500] },
});

const issuesRoute = createRoute({
  method: 'get', path: '/api/issues', tags: ['issues'], summary: 'The issue taxonomy',
  responses: { 200: json(z.object({ items: z.array(IssueSchema) }), 'Issues'), 500: errors[500] },
});

const timelineRoute = createRoute({
  method: 'get', path: '/api/issues/timeline', tags: ['issues'], summary: 'Attention per issue per group over time',
  request: {
    query: z.object({
      issue: z.string().max(100).optional(),
      groupBy: z.enum(['kind', 'source']).optional(),
      interval: z.enum(['day', 'month']).optional(),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(TimelinePointSchema) }), 'Timeline points'), 400: errors[400], 500: errors[500] },
});

const commitmentsRoute = createRoute({
  method: 'get', path: '/api/commitments', tags: ['commitments'], summary: 'The commitments ledger',
  request: { query: PageQuery.extend({ actor: z.string().max(200).optional(), issue: z.string().max(100).optional() }) },
  responses: { 200: json(pageOf(CommitmentSchema, 'CommitmentPage'), 'A page of commitments'), 400: errors[400], 500: errors[500] },
});

const failuresRoute = createRoute({
  method: 'get', path: '/api/failures', tags: ['meta'], summary: 'Recent ingest failures',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }) },
  responses: { 200: json(z.object({ items: z.array(FailureSchema) }), 'Failures'), 400: errors[400], 500: errors[500] },
});

const ingestRoute = createRoute({
  method: 'post', path: '/api/ingest', tags: ['ingest'],
  summary: 'Ingest a URL, or a text or HTML body (needs the bearer token, or the CSRF token on a loopback server without one)',
  security: [{ bearerAuth: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: IngestRequestSchema } } } },
  responses: {
    200: json(IngestResultSchema, 'Already stored (duplicate) or updated'),
    201: json(IngestResultSchema, 'Stored'),
    400: errors[400],
    401: { description: 'Missing or wrong token (E_UNAUTHORIZED)', content: { 'application/json': { schema: ErrorSchema } } },
    403: { description: 'Cross-origin or CSRF refusal (E_UNAUTHORIZED)', content: { 'application/json': { schema: ErrorSchema } } },
    413: { description: 'Body too large (E_TOO_LARGE)', content: { 'application/json': { schema: ErrorSchema } } },
    422: json(IngestResultSchema, 'The input could not be ingested'),
  },
});

/** Every API route, in the order of the OpenAPI document. */
export function registerApiRoutes(api: OpenAPIHono<ApiEnv>, readout: ReadoutApp, opts: { tokenRequired: boolean }): void {
  api.openapi(sessionRoute, (c) => c.json({ csrfToken: issueCsrfToken(c), tokenRequired: opts.tokenRequired }, 200));

  api.openapi(sourcesRoute, async (c) => c.json({ items: await readout.listSources() }, 200));

  api.openapi(documentsRoute, async (c) => {
    const { q, limit = DEFAULT_LIMIT, cursor, since, until, sourceId } = c.req.valid('query');
    if (q !== undefined) {
      const offset = offsetOf(cursor);
      const hits = await readout.search(q, offset + limit + 1);
      const filtered = sourceId === undefined ? hits : hits.filter((h) => h.sourceId === sourceId);
      return c.json(sliceToPage(filtered.map(summaryOfHit), offset, limit), 200);
    }
    const decoded = decodeCursor(cursor);
    if (decoded !== null && decoded.k !== 'app') throw new ReadoutError('E_USAGE', 'this cursor belongs to a search; pass the nextCursor of the previous page unchanged');
    const page = await readout.listDocuments({
      limit,
      ...(decoded === null ? {} : { cursor: decoded.c }),
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      ...(sourceId === undefined ? {} : { sourceId }),
    });
    return c.json({
      items: page.items.map(summaryOfDocument),
      nextCursor: page.nextCursor === null ? null : encodeCursor({ k: 'app', c: page.nextCursor }),
    }, 200);
  });

  api.openapi(documentRoute, async (c) => {
    const { id } = c.req.valid('param');
    const found = await readout.getDocument(id);
    if (found === null) throw notFound('document', id, 'list documents with GET /api/documents');
    const { html, ...document } = found.document;
    return c.json({
      document: { ...document, hasHtml: typeof html === 'string' && html.length > 0 },
      analysis: found.analysis,
      report: found.report,
      source: found.source,
    }, 200);
  });

  api.openapi(documentHtmlRoute, async (c) => {
    const { id } = c.req.valid('param');
    const found = await readout.getDocument(id);
    if (found === null) throw notFound('document', id, 'list documents with GET /api/documents');
    c.set('cspOverride', DOCUMENT_FRAME_CSP);
    return c.html(renderDocumentFrame(found.document), 200);
  });

  api.openapi(versionsRoute, async (c) => {
    const { id } = c.req.valid('param');
    if ((await readout.getDocument(id)) === null) throw notFound('document', id, 'list documents with GET /api/documents');
    return c.json({ items: await readout.documentVersions(id) }, 200);
  });

  api.openapi(storiesRoute, async (c) => {
    const { limit = DEFAULT_LIMIT, cursor, since } = c.req.valid('query');
    const offset = offsetOf(cursor);
    const stories = await readout.listStories(since === undefined ? {} : { since });
    return c.json(sliceToPage(stories, offset, limit), 200);
  });

  api.openapi(storyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const story = await readout.getStory(id);
    if (story === null) throw notFound('story', id, 'list stories with GET /api/stories');
    return c.json(story, 200);
  });

  api.openapi(comparisonRoute, async (c) => {
    const { id } = c.req.valid('param');
    if ((await readout.getStory(id)) === null) throw notFound('story', id, 'list stories with GET /api/stories');
    return c.json(await readout.compareStory(id), 200);
  });

  api.openapi(briefRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { format } = c.req.valid('query');
    if ((await readout.getStory(id)) === null) throw notFound('story', id, 'list stories with GET /api/stories');
    const body = await readout.brief(id, format);
    if (format === 'html') {
      // The brief quotes third-party text: show it like a stored document, scripts forbidden.
      c.set('cspOverride', DOCUMENT_FRAME_CSP);
      return c.html(body, 200);
    }
    return c.body(body, 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
  });

  api.openapi(actorsRoute, async (c) => {
    const { limit = DEFAULT_LIMIT, cursor } = c.req.valid('query');
    return c.json(sliceToPage(await readout.listActors(), offsetOf(cursor), limit), 200);
  });

  api.openapi(actorRoute, async (c) => {
    const { id } = c.req.valid('param');
    const profile = await readout.actorProfile(id);
    if (profile === null) throw notFound('actor', id, 'list actors with GET /api/actors');
    return c.json(profile, 200);
  });

  api.openapi(issuesRoute, async (c) => c.json({ items: await readout.listIssues() }, 200));

  api.openapi(timelineRoute, async (c) => {
    const { issue, groupBy, interval } = c.req.valid('query');
    const items = await readout.issueTimeline({
      ...(issue === undefined ? {} : { issue }),
      ...(groupBy === undefined ? {} : { groupBy }),
      ...(interval === undefined ? {} : { interval }),
    });
    return c.json({ items }, 200);
  });

  api.openapi(commitmentsRoute, async (c) => {
    const { limit = DEFAULT_LIMIT, cursor, actor, issue } = c.req.valid('query');
    const all = await readout.commitments({
      ...(actor === undefined ? {} : { actor }),
      ...(issue === undefined ? {} : { issue }),
    });
    return c.json(sliceToPage(all, offsetOf(cursor), limit), 200);
  });

  api.openapi(failuresRoute, async (c) => {
    const { limit } = c.req.valid('query');
    return c.json({ items: await readout.listFailures(limit ?? 100) }, 200);
  });

  api.openapi(ingestRoute, async (c) => {
    const body = c.req.valid('json');
    if (body.text === undefined && body.html === undefined && body.url !== undefined) {
      const summary = await readout.ingest([body.url], { allowPrivateNetwork: false });
      const status: 'stored' | 'updated' | 'duplicate' | 'failed' = summary.stored > 0 ? 'stored'
        : summary.updated > 0 ? 'updated' : summary.duplicates > 0 ? 'duplicate' : 'failed';
      const result = { status, id: null, report: [], summary };
      if (status === 'failed') return c.json(result, 422);
      return c.json(result, status === 'stored' ? 201 : 200);
    }
    const isHtml = body.html !== undefined;
    const content = body.html ?? body.text ?? '';
    const out = await readout.ingestBytes({
      bytes: new TextEncoder().encode(content),
      fileName: body.fileName ?? (isHtml ? 'posted.html' : 'posted.txt'),
      contentType: isHtml ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
      url: body.url ?? null,
      sourceId: body.sourceId ?? null,
    });
    const result = { status: out.status, id: out.id, report: out.report, summary: null };
    if (out.status === 'failed') return c.json(result, 422);
    return c.json(result, out.status === 'stored' ? 201 : 200);
  });
}
