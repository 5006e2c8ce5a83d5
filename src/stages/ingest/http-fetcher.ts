// The network Fetcher: node:http/https with the guards a feed reader needs (after Miniflux):
// the resolved address is checked at connect time on every redirect hop, so neither a DNS name
// pointing inward nor a redirect to 127.0.0.1 reaches private services; sizes are capped while
// streaming and again after decompression; every wait has a deadline.
import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { ReadoutError } from '../../domain/errors.js';
import type { FetchRequest, FetchResponse, Fetcher } from '../../domain/ports.js';
import { blockedAddressReason } from './address-guard.js';
import { createHostLimiter } from './host-limiter.js';

export const DEFAULT_USER_AGENT = 'readout/0.1 (+https://github.com/readout; polite news-statement reader; one request per host at a time)';

export interface HttpFetcherOptions {
  /** Allow loopback and private addresses (tests, intranet feeds). Default false. */
  allowPrivateNetwork?: boolean;
  userAgent?: string;
  /** Cap on the body, compressed and decompressed. Default 15 MiB. */
  maxBytes?: number;
  maxRedirects?: number;
  connectTimeoutMs?: number;
  /** Deadline for the whole fetch including redirects and body. */
  totalTimeoutMs?: number;
  perHostConcurrency?: number;
  /** Resolver used instead of dns.lookup (same contract); tests map names to addresses with it. */
  lookup?: LookupFunction;
  /**
   * Why an address is refused, or null to allow it. Defaults to blockedAddressReason. Lets an
   * operator open one intranet range, and lets tests stand a loopback alias in for a public host.
   */
  addressPolicy?: (ip: string) => string | null;
}

const optionsSchema = z.object({
  allowPrivateNetwork: z.boolean().default(false),
  userAgent: z.string().min(1).default(DEFAULT_USER_AGENT),
  maxBytes: z.number().int().positive().default(15 * 1024 * 1024),
  maxRedirects: z.number().int().min(0).max(50).default(5),
  connectTimeoutMs: z.number().int().positive().default(10_000),
  totalTimeoutMs: z.number().int().positive().default(30_000),
  perHostConcurrency: z.number().int().positive().default(2),
  lookup: z.custom<LookupFunction>((v) => typeof v === 'function').optional(),
  addressPolicy: z.custom<(ip: string) => string | null>((v) => typeof v === 'function').optional(),
});

type LookupResult = { address: string; family: number };

/** Wrap a resolver so that every address it returns is checked before the socket connects. */
export function guardedLookup(base: LookupFunction, allowPrivate: boolean, policy: (ip: string) => string | null = blockedAddressReason): LookupFunction {
  const guarded = (hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void): void => {
    base(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) { callback(err, options.all ? [] : ''); return; }
      const list: LookupResult[] = Array.isArray(addresses) ? addresses : [{ address: addresses as unknown as string, family: isIP(addresses as unknown as string) }];
      if (!allowPrivate) {
        for (const a of list) {
          const why = policy(a.address);
          if (why) {
            callback(new ReadoutError('E_BLOCKED_ADDRESS', `${hostname} resolves to ${a.address} (${why}); readout only fetches public addresses — pass --allow-private-network to override`) as unknown as NodeJS.ErrnoException, options.all ? [] : '');
            return;
          }
        }
      }
      if (list.length === 0) { callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), options.all ? [] : ''); return; }
      if (options.all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    });
  };
  return guarded as unknown as LookupFunction;
}

function headerRecord(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

function checkUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ReadoutError('E_BAD_URL', `${JSON.stringify(raw.slice(0, 200))} is not a valid URL; give an absolute http(s) URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ReadoutError('E_BAD_URL', `${u.protocol} URLs are not fetched; only http and https are allowed`);
  }
  if (raw.length > 8192) throw new ReadoutError('E_BAD_URL', 'the URL is longer than 8192 characters; shorten it');
  return u;
}

function decompressorFor(encoding: string | undefined, firstByte: number | undefined): zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress | null {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === 'gzip' || e === 'x-gzip') return zlib.createGunzip();
  // "deflate" is zlib-wrapped per the RFC, but some servers send raw deflate.
  if (e === 'deflate') return firstByte !== undefined && (firstByte & 0x0f) === 8 ? zlib.createInflate() : zlib.createInflateRaw();
  if (e === 'br') return zlib.createBrotliDecompress();
  return null;
}

interface Hop {
  status: number;
  headers: Record<string, string>;
  location: string | null;
  body: Uint8Array;
}

export function createHttpFetcher(options: HttpFetcherOptions = {}): Fetcher {
  const opts = optionsSchema.parse(options);
  const policy = opts.addressPolicy ?? blockedAddressReason;
  const lookup = guardedLookup(opts.lookup ?? (dns.lookup as unknown as LookupFunction), opts.allowPrivateNetwork, policy);
  const limiter = createHostLimiter(opts.perHostConcurrency);

  function oneHop(url: URL, req: FetchRequest, signal: AbortSignal): Promise<Hop> {
    if (!opts.allowPrivateNetwork) {
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      // Node skips the lookup for IP literals, so they are checked here.
      if (isIP(literal)) {
        const why = policy(literal);
        if (why) return Promise.reject(new ReadoutError('E_BLOCKED_ADDRESS', `${url.host} is a ${why} address; readout only fetches public addresses — pass --allow-private-network to override`));
      }
    }
    return new Promise<Hop>((resolve, reject) => {
      const headers: Record<string, string> = {
        'user-agent': opts.userAgent,
        'accept': req.accept ?? 'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      };
      if (req.etag) headers['if-none-match'] = req.etag;
      if (req.lastModified) headers['if-modified-since'] = req.lastModified;
      const mod = url.protocol === 'https:' ? https : http;
      let settled = false;
      const fail = (e: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        request.destroy();
        reject(e);
      };
      const request = mod.request(url, { method: 'GET', headers, lookup, agent: false, signal });
      const connectTimer = setTimeout(() => fail(new ReadoutError('E_TIMEOUT', `connecting to ${url.host} took over ${opts.connectTimeoutMs} ms; the server may be down — try again later`)), opts.connectTimeoutMs);
      request.on('socket', (socket) => {
        const connected = (): void => clearTimeout(connectTimer);
        if (!socket.connecting) connected();
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
      });
      request.on('error', (e) => {
        if (e instanceof ReadoutError) return fail(e);
        const cause = (e as { cause?: unknown }).cause;
        if (cause instanceof ReadoutError) return fail(cause);
        if ((e as { name?: string }).name === 'AbortError') return fail(new ReadoutError('E_FETCH', `fetching ${url.href} was aborted`, { cause: e }));
        fail(new ReadoutError('E_FETCH', `fetching ${url.href} failed: ${(e as Error).message}; check the URL and the network`, { cause: e }));
      });
      request.on('response', (res) => {
        clearTimeout(connectTimer);
        const status = res.statusCode ?? 0;
        const hdrs = headerRecord(res.headers);
        const location = status >= 300 && status < 400 && status !== 304 ? hdrs['location'] ?? null : null;
        if (location || status === 304) {
          res.resume();
          settled = true;
          resolve({ status, headers: hdrs, location, body: new Uint8Array(0) });
          return;
        }
        const declared = Number(hdrs['content-length']);
        if (Number.isFinite(declared) && declared > opts.maxBytes) {
          return fail(new ReadoutError('E_TOO_LARGE', `${url.href} announces ${declared} bytes, over the ${opts.maxBytes}-byte limit`));
        }
        const chunks: Buffer[] = [];
        let raw = 0;
        let decoded = 0;
        let decoder: ReturnType<typeof decompressorFor> | undefined;
        const tooLarge = (what: string): void => fail(new ReadoutError('E_TOO_LARGE', `${url.href} ${what} exceeds the ${opts.maxBytes}-byte limit; the response was cut off`));
        const collect = (chunk: Buffer): void => {
          decoded += chunk.length;
          if (decoded > opts.maxBytes) { decoder?.destroy(); tooLarge('decompressed body'); return; }
          chunks.push(chunk);
        };
        const finish = (): void => {
          if (settled) return;
          settled = true;
          resolve({ status, headers: hdrs, location: null, body: new Uint8Array(Buffer.concat(chunks)) });
        };
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          raw += chunk.length;
          if (raw > opts.maxBytes) { tooLarge('body'); return; }
          if (decoder === undefined) {
            decoder = decompressorFor(hdrs['content-encoding'], chunk[0]);
            if (decoder) {
              decoder.on('data', collect);
              decoder.on('error', (e) => fail(new ReadoutError('E_FETCH', `${url.href}: the compressed body is corrupt (${e.message})`, { cause: e })));
              decoder.on('end', finish);
            }
          }
          if (decoder) decoder.write(chunk);
          else collect(chunk);
        });
        res.on('end', () => {
          if (decoder) decoder.end();
          else finish();
        });
        res.on('error', (e) => fail(new ReadoutError('E_FETCH', `reading ${url.href} failed: ${e.message}`, { cause: e })));
        (res as Readable).on('aborted', () => fail(new ReadoutError('E_FETCH', `${url.href}: the server closed the connection mid-body`)));
      });
      request.end();
    });
  }

  async function fetchChain(req: FetchRequest, signal: AbortSignal): Promise<FetchResponse> {
    let url = checkUrl(req.url);
    for (let hop = 0; ; hop++) {
      const res = await limiter.run(url.host, () => oneHop(url, req, signal));
      if (res.location) {
        if (hop >= opts.maxRedirects) {
          throw new ReadoutError('E_TOO_MANY_REDIRECTS', `${req.url} redirected more than ${opts.maxRedirects} times; open it in a browser to find the final URL`);
        }
        let next: string;
        try {
          next = new URL(res.location, url).href;
        } catch {
          throw new ReadoutError('E_BAD_URL', `${url.href} redirects to an invalid location ${JSON.stringify(res.location.slice(0, 200))}`);
        }
        url = checkUrl(next);
        continue;
      }
      if (res.status === 304) return { url: url.href, status: 304, headers: res.headers, body: new Uint8Array(0), notModified: true };
      if (res.status >= 400) {
        throw new ReadoutError('E_FETCH', `${url.href} answered HTTP ${res.status}; check the URL or try later`, { details: { status: res.status, url: url.href } });
      }
      return { url: url.href, status: res.status, headers: res.headers, body: res.body, notModified: false };
    }
  }

  return {
    async fetch(req: FetchRequest, signal?: AbortSignal): Promise<FetchResponse> {
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(new ReadoutError('E_TIMEOUT', `fetching ${req.url} took over ${opts.totalTimeoutMs} ms; the server is too slow — try again later`)), opts.totalTimeoutMs);
      const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
      try {
        return await new Promise<FetchResponse>((resolve, reject) => {
          const onAbort = (): void => {
            const reason: unknown = deadline.signal.aborted ? deadline.signal.reason : signal?.reason;
            reject(reason instanceof ReadoutError ? reason : new ReadoutError('E_FETCH', `fetching ${req.url} was cancelled`));
          };
          if (combined.aborted) { onAbort(); return; }
          combined.addEventListener('abort', onAbort, { once: true });
          fetchChain(req, combined).then(resolve, (e: unknown) => {
            if (combined.aborted) onAbort();
            else reject(e);
          }).finally(() => combined.removeEventListener('abort', onAbort));
        });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
