// The HTTP API against an in-memory ReadoutApp: every route, pagination, error codes, the OpenAPI
// document, security headers, token protection and CSRF refusal. Requests go through app.fetch
// (no socket), except one check that startServer binds and answers.
import { describe, expect, it } from 'vitest';
import { createHttpApp, startServer } from '../src/server/index.js';
import { createFakeApp } from './helpers/fake-app.js';

const ORIGIN = 'http://127.0.0.1:8080';

function makeApi(opts: { token?: string | null; host?: string; webRoot?: string | null } = {}) {
  const fake = createFakeApp();
  const http = createHttpApp(fake, { token: opts.token ?? null, host: opts.host ?? '127.0.0.1', webRoot: opts.webRoot ?? null });
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('host')) headers.set('host', '127.0.0.1:8080');
    return http.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers }));
  };
  return { fake, http, request };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are inspected with expect()
async function json(res: Response): Promise<any> {
  return res.json();
}

describe('GET routes', () => {
  it('lists sources', async () => {
    const { request } = makeApi();
    const res = await request('/api/sources');
    expect(res.status).toBe(200);
    expect((await json(res)).items.map((s: { id: string }) => s.id)).toContain('ministry-a');
  });

  it('lists documents without their text and pages through them', async () => {
    const { request } = makeApi();
    const first = await json(await request('/api/documents?limit=3'));
    expect(first.items).toHaveLength(3);
    expect(first.items[0]).not.toHaveProperty('text');
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await json(await request(`/api/documents?limit=3&cursor=${encodeURIComponent(first.nextCursor)}`));
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(4);
  });

  it('searches documents with q', async () => {
    const { request } = makeApi();
    const body = await json(await request('/api/documents?q=grain'));
    expect(body.items.map((d: { id: string }) => d.id).sort()).toEqual(['doc-palace', 'doc-wire']);
    expect(body.items[0].snippet).toMatch(/grain/);
  });

  it('returns a document with analysis and source, but never its HTML inline', async () => {
    const { request } = makeApi();
    const body = await json(await request('/api/documents/doc-ministry'));
    expect(body.document.id).toBe('doc-ministry');
    expect(body.document.hasHtml).toBe(true);
    expect(body.document).not.toHaveProperty('html');
    expect(body.source.id).toBe('ministry-a');
    const claim = body.analysis.claims[0];
    expect(body.document.text.slice(claim.start, claim.end)).toBe(claim.text);
  });

  it('serves document HTML with its own no-script CSP', async () => {
    const { request } = makeApi();
    const res = await request('/api/documents/doc-ministry/html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).not.toContain('script-src');
    expect(csp).toContain('sandbox');
    expect(await res.text()).toContain('northern islands');
  });

  it('lists versions', async () => {
    const { request } = makeApi();
    const body = await json(await request('/api/documents/doc-wire/versions'));
    expect(body.items[0]).toMatchObject({ documentId: 'doc-wire', version: 1 });
    expect((await request('/api/documents/nope/versions')).status).toBe(404);
  });

  it('lists and pages stories', async () => {
    const { request, fake } = makeApi();
    fake.addStories(7);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const body = await json(await request(`/api/stories?limit=3${q}`));
      seen.push(...body.items.map((s: { id: string }) => s.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(8);
    expect(seen[0]).toBe('story-call');
  });

  it('returns a story, its comparison and its brief', async () => {
    const { request } = makeApi();
    const story = await json(await request('/api/stories/story-call'));
    expect(story.divergence).toBeCloseTo(0.62);
    const cmp = await json(await request('/api/stories/story-call/comparison'));
    expect(cmp.story.id).toBe('story-call');
    expect(cmp.contradictions[0].sides).toHaveLength(2);
    const md = await request('/api/stories/story-call/brief?format=md');
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(await md.text()).toMatch(/^# Phone call/);
    const html = await request('/api/stories/story-call/brief?format=html');
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await request('/api/stories/story-call/brief?format=pdf')).status).toBe(400);
  });

  it('lists actors, returns a profile, issues, the timeline, commitments and failures', async () => {
    const { request } = makeApi();
    const actors = await json(await request('/api/actors?limit=2'));
    expect(actors.items).toHaveLength(2);
    expect(actors.nextCursor).not.toBeNull();
    const actor = await json(await request('/api/actors/ARL-LEADER'));
    expect(actor.relations.length).toBeGreaterThan(0);
    const issues = await json(await request('/api/issues'));
    expect(issues.items.map((i: { id: string }) => i.id)).toContain('trade');
    const timeline = await json(await request('/api/issues/timeline?issue=trade&groupBy=kind&interval=day'));
    expect(timeline.items.every((p: { issue: string }) => p.issue === 'trade')).toBe(true);
    const ledger = await json(await request('/api/commitments'));
    expect(ledger.items[0]).toMatchObject({ amount: 12, unit: 'MMT' });
    const failures = await json(await request('/api/failures?limit=5'));
    expect(failures.items[0].code).toBe('E_FETCH');
  });
});

describe('errors', () => {
  it('answers unknown ids with E_NOT_FOUND and 404', async () => {
    const { request } = makeApi();
    for (const path of ['/api/documents/missing', '/api/stories/missing', '/api/stories/missing/comparison', '/api/actors/missing', '/api/no-such-route']) {
      const res = await request(path);
      expect(res.status, path).toBe(404);
      const body = await json(res);
      expect(body.error.code, path).toBe('E_NOT_FOUND');
      expect(body.error.message.length, path).toBeGreaterThan(10);
    }
  });

  it('answers invalid parameters with E_USAGE and 400', async () => {
    const { request } = makeApi();
    for (const path of ['/api/stories?limit=0', '/api/stories?limit=abc', '/api/documents?cursor=%%%', '/api/stories?cursor=bm90LWpzb24', '/api/issues/timeline?groupBy=planet']) {
      const res = await request(path);
      expect(res.status, path).toBe(400);
      expect((await json(res)).error.code, path).toBe('E_USAGE');
    }
  });

  it('refuses a document cursor from a search listing', async () => {
    const { request } = makeApi();
    const page = await json(await request('/api/documents?q=the&limit=1'));
    expect(page.nextCursor).not.toBeNull();
    const res = await request(`/api/documents?limit=1&cursor=${encodeURIComponent(page.nextCursor)}`);
    expect(res.status).toBe(400);
  });
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every route', async () => {
    const { request } = makeApi();
    const res = await request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = JSON.parse(await res.text());
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    const expected: [string, string][] = [
      ['/api/sources', 'get'], ['/api/documents', 'get'], ['/api/documents/{id}', 'get'], ['/api/documents/{id}/html', 'get'],
      ['/api/documents/{id}/versions', 'get'], ['/api/stories', 'get'], ['/api/stories/{id}', 'get'],
      ['/api/stories/{id}/comparison', 'get'], ['/api/stories/{id}/brief', 'get'], ['/api/actors', 'get'], ['/api/actors/{id}', 'get'],
      ['/api/issues', 'get'], ['/api/issues/timeline', 'get'], ['/api/commitments', 'get'], ['/api/failures', 'get'],
      ['/api/ingest', 'post'], ['/api/session', 'get'],
    ];
    for (const [path, method] of expected) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Every $ref points at a defined schema.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);
    for (const ref of refs) expect(doc.components.schemas[ref], ref).toBeDefined();
  });
});

describe('security headers', () => {
  it('sets a strict CSP with a fresh nonce on every response', async () => {
    const { request } = makeApi();
    const a = await request('/api/sources');
    const b = await request('/api/sources');
    const cspA = a.headers.get('content-security-policy') ?? '';
    const cspB = b.headers.get('content-security-policy') ?? '';
    const nonceA = /'nonce-([^']+)'/.exec(cspA)?.[1];
    const nonceB = /'nonce-([^']+)'/.exec(cspB)?.[1];
    expect(nonceA).toBeTruthy();
    expect(nonceA).not.toBe(nonceB);
    for (const part of ["'strict-dynamic'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(cspA).toContain(part);
    expect(cspA).not.toContain('unsafe-inline');
    expect(cspA).not.toContain('unsafe-eval');
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('referrer-policy')).toBe('no-referrer');
    expect(a.headers.get('x-frame-options')).toBe('DENY');
    // Errors carry the headers too.
    expect((await request('/api/stories/missing')).headers.get('content-security-policy')).toContain("object-src 'none'");
  });

  it('injects the response nonce into the dashboard page scripts', async () => {
    const { mkdtempSync, writeFileSync, mkdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = mkdtempSync(join(tmpdir(), 'readout-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><script type="module" crossorigin src="/assets/app.js"></script><link rel="modulepreload" href="/assets/chunk.js"></head><body></body></html>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    const { request } = makeApi({ webRoot: root });
    const res = await request('/');
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    const html = await res.text();
    expect(html).toContain(`<script nonce="${nonce}" type="module"`);
    expect(html).toContain(`<link nonce="${nonce}" rel="modulepreload"`);
    const js = await request('/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    for (const path of ['/assets/../../etc/passwd', '/assets/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fetc%2fpasswd', '/..%2f..%2f..%2fetc%2fhostname']) {
      const res = await request(path);
      expect(await res.text(), path).not.toMatch(/root:|^[a-z0-9-]+\n$/);
    }
  });

  it('refuses requests under a non-loopback Host name on a loopback server (DNS rebinding)', async () => {
    const { request } = makeApi();
    const res = await request('/api/sources', { headers: { host: 'attacker.example:8080' } });
    expect(res.status).toBe(403);
  });
});

describe('writes', () => {
  const body = JSON.stringify({ text: 'A short statement about grain and islands, written for this test.', fileName: 'note.txt', sourceId: 'wire-x' });

  it('refuses to start on a non-loopback host without a token', () => {
    expect(() => createHttpApp(createFakeApp(), { token: null, host: '0.0.0.0', webRoot: null })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
    expect(() => createHttpApp(createFakeApp(), { token: 'a-long-enough-secret', host: '0.0.0.0', webRoot: null })).not.toThrow();
  });

  it('accepts a bearer token and refuses a wrong or missing one', async () => {
    const { request, fake } = makeApi({ token: 'correct-horse-battery' });
    const missing = await request('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(missing.status).toBe(401);
    expect((await json(missing)).error.code).toBe('E_UNAUTHORIZED');
    const wrong = await request('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(fake.calls['ingestBytes'] ?? 0).toBe(0);
    const ok = await request('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: 'Bearer correct-horse-battery' } });
    expect(ok.status).toBe(201);
    const stored = await json(ok);
    expect(stored.status).toBe('stored');
    expect((await request(`/api/documents/${stored.id}`)).status).toBe(200);
    const again = await request('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: 'Bearer correct-horse-battery' } });
    expect(again.status).toBe(200);
    expect((await json(again)).status).toBe('duplicate');
  });

  it('with a token, a CSRF token alone is not enough', async () => {
    const { request } = makeApi({ token: 'correct-horse-battery' });
    const session = await request('/api/session');
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken, tokenRequired } = await json(session);
    expect(tokenRequired).toBe(true);
    const res = await request('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, origin: ORIGIN } });
    expect(res.status).toBe(401);
  });

  it('without a token, accepts the double-submitted CSRF token from the same origin', async () => {
    const { request } = makeApi();
    const session = await request('/api/session');
    const setCookie = session.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0] ?? '';
    const { csrfToken } = await json(session);
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, origin: ORIGIN, 'sec-fetch-site': 'same-origin' };
    expect((await request('/api/ingest', { method: 'POST', body, headers })).status).toBe(201);
    // Without the header, or with a different one, it is refused.
    const noHeader = await request('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'application/json', cookie, origin: ORIGIN } });
    expect(noHeader.status).toBe(403);
    const mismatched = await request('/api/ingest', { method: 'POST', body, headers: { ...headers, 'x-csrf-token': 'x'.repeat(32) } });
    expect(mismatched.status).toBe(403);
  });

  it('refuses a cross-origin POST even with valid CSRF token and bearer', async () => {
    const { request, fake } = makeApi();
    const session = await request('/api/session');
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = await json(session);
    const res = await request('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('E_UNAUTHORIZED');
    const site = await request('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, 'sec-fetch-site': 'cross-site' } });
    expect(site.status).toBe(403);
    const tokened = makeApi({ token: 'correct-horse-battery' });
    const withBearer = await tokened.request('/api/ingest', { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: 'Bearer correct-horse-battery', origin: 'https://evil.example' } });
    expect(withBearer.status).toBe(403);
    expect(fake.calls['ingestBytes'] ?? 0).toBe(0);
  });

  it('validates the ingest body', async () => {
    const { request } = makeApi({ token: 'correct-horse-battery' });
    const headers = { 'content-type': 'application/json', authorization: 'Bearer correct-horse-battery' };
    for (const bad of [{}, { text: 'a', html: '<p>a</p>' }, { url: 'file:///etc/passwd' }, { url: 'javascript:alert(1)' }, { text: 'x', extra: 1 }]) {
      const res = await request('/api/ingest', { method: 'POST', body: JSON.stringify(bad), headers });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await json(res)).error.code).toBe('E_USAGE');
    }
    const notJson = await request('/api/ingest', { method: 'POST', body: '{', headers });
    expect(notJson.status).toBe(400);
  });

  it('refuses oversized bodies with E_TOO_LARGE', async () => {
    const { request } = makeApi({ token: 'correct-horse-battery' });
    const res = await request('/api/ingest', {
      method: 'POST', body: JSON.stringify({ text: 'x'.repeat(9 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json', authorization: 'Bearer correct-horse-battery' },
    });
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('E_TOO_LARGE');
  });
});

describe('startServer', () => {
  it('binds to loopback on a free port and closes', async () => {
    const server = await startServer(createFakeApp(), { port: 0, webRoot: null });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/api/stories`);
      expect(res.status).toBe(200);
      expect((await json(res)).items[0].id).toBe('story-call');
    } finally {
      await server.close();
    }
  });

  it('refuses a non-loopback host without a token', async () => {
    await expect(startServer(createFakeApp(), { host: '0.0.0.0', port: 0 })).rejects.toMatchObject({ code: 'E_CONFIG' });
  });
});
