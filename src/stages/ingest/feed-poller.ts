// Feed polling. The scheduling rule is a pure function of (state, outcome, now) so it can be
// tested without clocks or sockets; the poller around it only fetches, parses and hands items on.
import { z } from 'zod';
import { isReadoutError } from '../../domain/errors.js';
import type { Clock, FeedState, Fetcher, Store } from '../../domain/ports.js';
import { sha256Hex } from '../extract/text-normaliser.js';
import { parseFeed, type FeedItem, type ParsedFeed } from './feed-parser.js';
import { createHostLimiter } from './host-limiter.js';

export interface PollPolicy {
  initialIntervalSeconds: number;
  minIntervalSeconds: number;
  maxIntervalSeconds: number;
  /** Interval multiplier after a poll without new items (> 1). */
  slowDown: number;
  /** Interval multiplier after a poll with new items (< 1). */
  speedUp: number;
  /** First retry delay after a failure; doubles with each consecutive failure. */
  backoffBaseSeconds: number;
  /** Consecutive failures after which a feed is disabled until re-enabled by hand. */
  maxFailures: number;
}

export const DEFAULT_POLL_POLICY: PollPolicy = {
  initialIntervalSeconds: 3600,
  minIntervalSeconds: 300,
  maxIntervalSeconds: 86_400,
  slowDown: 1.5,
  speedUp: 0.5,
  backoffBaseSeconds: 300,
  maxFailures: 8,
};

export type PollOutcome =
  | { kind: 'new-items'; count: number; etag: string | null; lastModified: string | null; bodyHash: string | null }
  /** 304, an identical body, or a body without unseen items. */
  | { kind: 'unchanged'; etag: string | null; lastModified: string | null; bodyHash: string | null }
  | { kind: 'failure'; error: string };

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const addSeconds = (now: Date, s: number): string => new Date(now.getTime() + Math.round(s) * 1000).toISOString();

export function initialFeedState(url: string, sourceId: string | null, now: Date, policy: PollPolicy = DEFAULT_POLL_POLICY): FeedState {
  return {
    url, sourceId, etag: null, lastModified: null, bodyHash: null,
    intervalSeconds: policy.initialIntervalSeconds, nextPollAt: now.toISOString(),
    failures: 0, disabled: false, lastError: null,
  };
}

/** The state after one poll: adaptive interval within clamps, exponential backoff on failure. */
export function nextFeedState(state: FeedState, outcome: PollOutcome, now: Date, policy: PollPolicy = DEFAULT_POLL_POLICY): FeedState {
  if (outcome.kind === 'failure') {
    const failures = state.failures + 1;
    const backoff = Math.min(policy.maxIntervalSeconds, policy.backoffBaseSeconds * 2 ** (failures - 1));
    return {
      ...state,
      failures,
      disabled: failures >= policy.maxFailures,
      lastError: outcome.error,
      nextPollAt: addSeconds(now, backoff),
    };
  }
  const factor = outcome.kind === 'new-items' ? policy.speedUp : policy.slowDown;
  const intervalSeconds = clamp(Math.round(state.intervalSeconds * factor), policy.minIntervalSeconds, policy.maxIntervalSeconds);
  return {
    ...state,
    // A 304 carries no validators; keep the ones we had.
    etag: outcome.etag ?? state.etag,
    lastModified: outcome.lastModified ?? state.lastModified,
    bodyHash: outcome.bodyHash ?? state.bodyHash,
    intervalSeconds,
    nextPollAt: addSeconds(now, intervalSeconds),
    failures: 0,
    disabled: false,
    lastError: null,
  };
}

export interface PollSummary {
  polled: number;
  skipped: number;
  newItems: number;
  failures: number;
}

export interface FeedPollerOptions {
  fetcher: Fetcher;
  store: Pick<Store, 'getFeedState' | 'putFeedState' | 'listFeedStates'>;
  clock: Clock;
  /** Called for every item of a changed feed; resolve true when the item was new to the caller. */
  onItem: (item: FeedItem, feed: { url: string; sourceId: string | null; parsed: ParsedFeed }) => Promise<boolean>;
  /** Feeds to poll besides those already in the store. */
  feeds?: { url: string; sourceId?: string | null }[];
  policy?: Partial<PollPolicy>;
  perHostConcurrency?: number;
  /** How long watch() sleeps at most between rounds. */
  maxSleepMs?: number;
  /** Injected sleep (tests); must resolve early when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface FeedPoller {
  pollDue(signal?: AbortSignal): Promise<PollSummary>;
  /** Poll due feeds until the signal aborts; resolves (never rejects) once stopped. */
  watch(signal: AbortSignal): Promise<void>;
}

const pollerSchema = z.object({
  perHostConcurrency: z.number().int().positive().default(1),
  maxSleepMs: z.number().int().positive().default(60_000),
});

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) { resolve(); return; }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return url; }
}

export function createFeedPoller(options: FeedPollerOptions): FeedPoller {
  const { fetcher, store, clock, onItem } = options;
  const opts = pollerSchema.parse({ perHostConcurrency: options.perHostConcurrency, maxSleepMs: options.maxSleepMs });
  const policy: PollPolicy = { ...DEFAULT_POLL_POLICY, ...options.policy };
  const limiter = createHostLimiter(opts.perHostConcurrency);
  const sleep = options.sleep ?? abortableSleep;

  async function allStates(): Promise<FeedState[]> {
    const stored = await store.listFeedStates();
    const byUrl = new Map(stored.map((s) => [s.url, s]));
    for (const f of options.feeds ?? []) {
      if (!byUrl.has(f.url)) byUrl.set(f.url, initialFeedState(f.url, f.sourceId ?? null, clock.now(), policy));
    }
    return [...byUrl.values()];
  }

  async function pollOne(state: FeedState, signal: AbortSignal | undefined): Promise<{ outcome: PollOutcome; newItems: number }> {
    try {
      const res = await fetcher.fetch({ url: state.url, etag: state.etag, lastModified: state.lastModified, accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5' }, signal);
      const etag = res.headers['etag'] ?? null;
      const lastModified = res.headers['last-modified'] ?? null;
      if (res.notModified) return { outcome: { kind: 'unchanged', etag, lastModified, bodyHash: null }, newItems: 0 };
      // Many servers ignore conditional GET; an identical body is just as unchanged.
      const bodyHash = sha256Hex(res.body);
      if (bodyHash === state.bodyHash) return { outcome: { kind: 'unchanged', etag, lastModified, bodyHash }, newItems: 0 };
      const parsed = parseFeed(res.body, { contentType: res.headers['content-type'] ?? null, url: res.url });
      let fresh = 0;
      for (const item of parsed.items) {
        if (signal?.aborted) break;
        if (await onItem(item, { url: state.url, sourceId: state.sourceId, parsed })) fresh++;
      }
      return {
        outcome: fresh > 0 ? { kind: 'new-items', count: fresh, etag, lastModified, bodyHash } : { kind: 'unchanged', etag, lastModified, bodyHash },
        newItems: fresh,
      };
    } catch (e) {
      const error = isReadoutError(e) ? `${e.code}: ${e.message}` : `E_FETCH: ${e instanceof Error ? e.message : String(e)}`;
      return { outcome: { kind: 'failure', error }, newItems: 0 };
    }
  }

  async function pollDue(signal?: AbortSignal): Promise<PollSummary> {
    const summary: PollSummary = { polled: 0, skipped: 0, newItems: 0, failures: 0 };
    const now = clock.now();
    const due: FeedState[] = [];
    for (const s of await allStates()) {
      if (s.disabled || Date.parse(s.nextPollAt) > now.getTime()) summary.skipped++;
      else due.push(s);
    }
    await Promise.all(due.map((state) => limiter.run(hostOf(state.url), async () => {
      if (signal?.aborted) { summary.skipped++; return; }
      const { outcome, newItems } = await pollOne(state, signal);
      await store.putFeedState(nextFeedState(state, outcome, clock.now(), policy));
      summary.polled++;
      summary.newItems += newItems;
      if (outcome.kind === 'failure') summary.failures++;
    })));
    return summary;
  }

  async function watch(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await pollDue(signal);
      if (signal.aborted) break;
      const states = await allStates();
      const next = states.filter((s) => !s.disabled).map((s) => Date.parse(s.nextPollAt)).reduce((a, b) => Math.min(a, b), Infinity);
      const wait = Number.isFinite(next) ? clamp(next - clock.now().getTime(), 1000, opts.maxSleepMs) : opts.maxSleepMs;
      await sleep(wait, signal);
    }
  }

  return { pollDue, watch };
}
