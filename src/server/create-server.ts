// `readout serve`: the HTTP API and the dashboard, a thin shell over ReadoutApp. Options are
// parsed once here; everything below gets them already checked.
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ReadoutApp } from '../app/app-types.js';
import { ReadoutError } from '../domain/index.js';
import type { ApiEnv } from './api-routes.js';
import { registerApiRoutes } from './api-routes.js';
import { createDashboardAssets } from './dashboard-assets.js';
import { errorResponseFor } from './http-errors.js';
import { securityHeaders } from './security-headers.js';
import { isLoopbackHost, requestGuard } from './write-guard.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
/** Largest accepted request body (POST /api/ingest). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

const HttpAppOptionsSchema = z.object({
  token: z.string().min(1).max(512).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').nullable(),
  host: z.string().min(1).max(255),
  webRoot: z.string().min(1).nullable(),
});

export interface HttpAppOptions {
  /** Bearer token for writes; null allows same-origin dashboard writes on a loopback server only. */
  token: string | null;
  /** The address the server binds to (decides whether a token is required). */
  host: string;
  /** The built dashboard (web/dist), or null to serve the API only. */
  webRoot: string | null;
}

function parseOptions(options: HttpAppOptions): HttpAppOptions {
  const parsed = HttpAppOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReadoutError('E_CONFIG', `invalid server option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}; check --host and --token`);
  }
  if (parsed.data.token === null && !isLoopbackHost(parsed.data.host)) {
    throw new ReadoutError('E_CONFIG', `binding to ${parsed.data.host} exposes the server beyond this machine; pass --token <secret> so writes need it, or bind to 127.0.0.1`);
  }
  return parsed.data;
}

/** The Hono app: security headers, request guard, the JSON API, its OpenAPI document and the dashboard. */
export function createHttpApp(readout: ReadoutApp, options: HttpAppOptions): Hono<ApiEnv> {
  const opts = parseOptions(options);
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue === undefined || issue.path.length === 0 ? result.target : `${result.target} ${issue.path.join('.')}`;
        throw new ReadoutError('E_USAGE', `invalid ${where}: ${issue?.message ?? 'invalid value'}; see /api/openapi.json`);
      }
      return undefined;
    },
  });

  app.use('*', securityHeaders());
  app.use('*', requestGuard({ token: opts.token, host: opts.host }));
  app.use('/api/*', bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ReadoutError('E_TOO_LARGE', `request body exceeds ${MAX_BODY_BYTES} bytes; ingest large files with readout ingest`);
    },
  }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  registerApiRoutes(app, readout, { tokenRequired: opts.token !== null });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'readout API',
      version: '1',
      description: 'Compare how governments, state media, wires and the press tell the same diplomatic event. Errors are {error: {code, message}} with stable codes.',
    },
  });

  app.all('/api/*', () => {
    throw new ReadoutError('E_NOT_FOUND', 'no such API route; see /api/openapi.json for the list');
  });
  const assets = createDashboardAssets(opts.webRoot);
  app.get('*', (c) => assets.handle(c));

  app.notFound(() => {
    throw new ReadoutError('E_NOT_FOUND', 'no such page; the dashboard is at / and the API at /api/openapi.json');
  });
  app.onError((err, c) => {
    // Hono's own 4xx (e.g. a body that is not JSON) are usage errors of the client.
    const thrown = err instanceof HTTPException && err.status < 500
      ? new ReadoutError('E_USAGE', `${err.message || 'malformed request'}; send a JSON body as described in /api/openapi.json`)
      : err;
    const { status, body } = errorResponseFor(thrown);
    if (status >= 500) console.error(`readout serve: ${body.error.code}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return c.json(body, status);
  });
  return app;
}

export interface StartServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string | null;
  /** Defaults to the package's web/dist when it exists. */
  webRoot?: string | null;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** The package's built dashboard (src/server and dist/server are both two levels deep). */
export function defaultWebRoot(): string | null {
  const dir = fileURLToPath(new URL('../../web/dist', import.meta.url));
  return existsSync(dir) ? dir : null;
}

export async function startServer(readout: ReadoutApp, options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ReadoutError('E_CONFIG', `invalid port ${port}; pass --port with a number from 1 to 65535`);
  }
  const app = createHttpApp(readout, {
    host,
    token: options.token ?? null,
    webRoot: options.webRoot === undefined ? defaultWebRoot() : options.webRoot,
  });
  return new Promise<RunningServer>((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolvePromise({
        url: `http://${shownHost}:${info.port}`,
        close: () => new Promise<void>((done, fail) => {
          server.close((err) => (err === undefined ? done() : fail(err)));
          if ('closeAllConnections' in server) server.closeAllConnections();
        }),
      });
    });
    server.once('error', (err: NodeJS.ErrnoException) => {
      const message = err.code === 'EADDRINUSE'
        ? `port ${port} on ${host} is in use; pass another --port`
        : `cannot listen on ${host}:${port}: ${err.message}; check --host and --port`;
      reject(new ReadoutError('E_CONFIG', message, { cause: err }));
    });
  });
}
