// A local HTTP server for ingest tests: routes map paths to canned responses or handlers, every
// request is counted, and it listens on a loopback address only. Tests never touch the internet.
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FixtureHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface CannedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export type FixtureRoute = FixtureHandler | CannedResponse;

export interface FixtureServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  host: string;
  port: number;
  url(path: string): string;
  route(path: string, route: FixtureRoute): void;
  /** Requests seen for a path (query included in the key only when the route has one). */
  hits(path: string): number;
  /** Headers of the last request to a path. */
  lastHeaders(path: string): http.IncomingHttpHeaders | null;
  close(): Promise<void>;
}

export async function startFixtureServer(routes: Record<string, FixtureRoute> = {}, options: { host?: string } = {}): Promise<FixtureServer> {
  const host = options.host ?? '127.0.0.1';
  const table = new Map<string, FixtureRoute>(Object.entries(routes));
  const counts = new Map<string, number>();
  const headers = new Map<string, http.IncomingHttpHeaders>();
  const server = http.createServer((req, res) => {
    const full = req.url ?? '/';
    const path = table.has(full) ? full : full.split('?')[0]!;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    headers.set(path, req.headers);
    const route = table.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no such fixture');
      return;
    }
    if (typeof route === 'function') {
      Promise.resolve(route(req, res)).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(e));
      });
      return;
    }
    res.writeHead(route.status ?? 200, route.headers ?? {});
    res.end(route.body ?? '');
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    origin,
    host,
    port,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    route: (path, route) => { table.set(path, route); },
    hits: (path) => counts.get(path) ?? 0,
    lastHeaders: (path) => headers.get(path) ?? null,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
