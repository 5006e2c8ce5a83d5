// Who may write, and from where. Reads are open on a loopback server (but only under a loopback
// Host name, against DNS rebinding); writes need either the server's bearer token or, when the
// server runs without one (loopback only), a double-submit CSRF token from the dashboard. Any
// write whose Origin is not this server is refused before anything else.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { ReadoutError } from '../domain/index.js';
import { forbidden } from './http-errors.js';

export const CSRF_COOKIE = 'readout_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const CSRF_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,64}$/;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host name of a Host header value ("127.0.0.1:8080" → "127.0.0.1", "[::1]:80" → "[::1]"). */
function hostName(hostHeader: string): string {
  const m = /^(\[[^\]]*\]|[^:]+)(?::\d+)?$/.exec(hostHeader.trim());
  return (m?.[1] ?? '').toLowerCase();
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time comparison of two secrets of any length. */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export interface WriteGuardOptions {
  token: string | null;
  /** The address the server binds to. */
  host: string;
}

/** The CSRF token of this browser: the one in its cookie, or a new one set on the response. */
export function issueCsrfToken(c: Context): string {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing !== undefined && CSRF_TOKEN_PATTERN.test(existing)) return existing;
  const fresh = randomBytes(24).toString('base64url');
  setCookie(c, CSRF_COOKIE, fresh, { path: '/', httpOnly: true, sameSite: 'Strict' });
  return fresh;
}

export function requestGuard(options: WriteGuardOptions): MiddlewareHandler {
  const loopbackOnly = isLoopbackHost(options.host);
  return async (c, next) => {
    const hostHeader = c.req.header('host') ?? '';
    // A page on another site that rebinds its DNS name to 127.0.0.1 still sends its own name.
    if (loopbackOnly && !isLoopbackHost(hostName(hostHeader))) {
      throw forbidden(`Host "${hostHeader}" is not a loopback name; open the dashboard at http://127.0.0.1 or http://localhost`);
    }
    if (!UNSAFE_METHODS.has(c.req.method)) return next();

    const origin = c.req.header('origin');
    if (origin !== undefined) {
      let originHost: string;
      try {
        originHost = new URL(origin).host.toLowerCase();
      } catch {
        originHost = '';
      }
      if (originHost !== hostHeader.toLowerCase()) {
        throw forbidden(`cross-origin write from ${origin} refused; post from this server's own dashboard or send a bearer token without an Origin header`);
      }
    }
    const fetchSite = c.req.header('sec-fetch-site');
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
      throw forbidden(`a ${fetchSite} write was refused; post from this server's own dashboard`);
    }

    const auth = c.req.header('authorization');
    if (options.token !== null) {
      const m = auth === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(auth);
      if (m === null || !secretsEqual(m[1] ?? '', options.token)) {
        throw new ReadoutError('E_UNAUTHORIZED', 'this write needs the server token: send "Authorization: Bearer <token>" (the value given to readout serve --token)');
      }
      return next();
    }
    // No token: the server is loopback-only; accept the dashboard's double-submitted CSRF token.
    const cookie = getCookie(c, CSRF_COOKIE);
    const header = c.req.header(CSRF_HEADER);
    if (cookie === undefined || header === undefined || !CSRF_TOKEN_PATTERN.test(cookie) || !secretsEqual(cookie, header)) {
      throw forbidden(`missing or mismatched CSRF token: GET /api/session first, then send its csrfToken in the ${CSRF_HEADER} header with the cookie`);
    }
    return next();
  };
}
