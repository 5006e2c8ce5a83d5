// Security headers on every response. Each response gets a fresh nonce: the dashboard's HTML gets
// it injected into its script tags, so the CSP can forbid every other script ('strict-dynamic'
// lets the nonce'd entry load its own chunks).
import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export interface SecurityVariables {
  nonce: string;
  /** Set by a route that serves untrusted HTML, to replace the default policy. */
  cspOverride: string | undefined;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The policy of the dashboard and of every API response. */
export function dashboardCsp(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The policy of a stored document's sanitised HTML shown in a sandboxed iframe: no scripts, no
 * network, no forms; only inline styles. `sandbox` repeats the iframe's own sandbox in case the
 * URL is opened directly.
 */
export const DOCUMENT_FRAME_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  'sandbox',
].join('; ');

export function securityHeaders(): MiddlewareHandler<{ Variables: SecurityVariables }> {
  return async (c, next) => {
    const nonce = newNonce();
    c.set('nonce', nonce);
    c.set('cspOverride', undefined);
    await next();
    const override = c.get('cspOverride');
    const h = c.res.headers;
    h.set('Content-Security-Policy', override ?? dashboardCsp(nonce));
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Frame-Options', override === undefined ? 'DENY' : 'SAMEORIGIN');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    h.set('X-Permitted-Cross-Domain-Policies', 'none');
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  };
}
