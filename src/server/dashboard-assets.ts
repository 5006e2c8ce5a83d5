// Serves the built dashboard (web/dist). index.html is read once and gets this response's CSP
// nonce on every script and module-preload tag; other files are served as they are, and only from
// inside the web root.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Context } from 'hono';
import type { SecurityVariables } from './security-headers.js';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Adds the nonce to every <script> and <link rel="modulepreload"> of the page. */
export function injectNonce(html: string, nonce: string): string {
  return html
    .replace(/<script\b(?![^>]*\snonce=)/gi, `<script nonce="${nonce}"`)
    .replace(/<link\b(?=[^>]*\brel=["']?modulepreload)(?![^>]*\snonce=)/gi, `<link nonce="${nonce}"`);
}

const MISSING_DASHBOARD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>readout</title></head>'
  + '<body><main><h1>readout</h1><p>The dashboard is not built. Run <code>npm run build:web</code> and restart '
  + '<code>readout serve</code>. The JSON API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></main></body></html>';

export interface DashboardAssets {
  /** GET handler for every non-API path. */
  handle(c: Context<{ Variables: SecurityVariables }>): Promise<Response>;
}

export function createDashboardAssets(webRoot: string | null): DashboardAssets {
  const root = webRoot === null ? null : resolve(webRoot);
  let template: Promise<string | null> | null = null;
  const indexTemplate = (): Promise<string | null> => {
    if (root === null) return Promise.resolve(null);
    template ??= readFile(join(root, 'index.html'), 'utf8').catch(() => null);
    return template;
  };

  const serveIndex = async (c: Context<{ Variables: SecurityVariables }>): Promise<Response> => {
    const html = await indexTemplate();
    if (html === null) return c.html(MISSING_DASHBOARD, 503);
    return c.html(injectNonce(html, c.get('nonce')), 200);
  };

  return {
    async handle(c) {
      let path: string;
      try {
        path = decodeURIComponent(new URL(c.req.url).pathname);
      } catch {
        return c.notFound();
      }
      if (path === '/' || path === '/index.html' || root === null) return serveIndex(c);
      const file = resolve(root, `.${path}`);
      if (!file.startsWith(root + sep) || path.includes('\0')) return c.notFound();
      const info = await stat(file).catch(() => null);
      if (info === null || !info.isFile()) {
        // History routing: a path without an extension is a dashboard page.
        return extname(path) === '' ? serveIndex(c) : c.notFound();
      }
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      const immutable = path.startsWith('/assets/');
      return c.body(body, 200, {
        'Content-Type': type,
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    },
  };
}
