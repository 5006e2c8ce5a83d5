// The work queue port and what both implementations share: job shape, stats, the retry delay and
// the "stop when idle" helper. SQLite uses a lease table of our own (sqlite-queue.ts); PostgreSQL
// uses graphile-worker (postgres-queue.ts). Both pass test/queue-contract.test.ts unchanged.

export interface JobSpec {
  kind: string;
  /** Unique forever: a key that was ever enqueued is never enqueued (or done) again. */
  key: string;
  payload: unknown;
  runAt?: Date;
  maxAttempts?: number;
}

export interface Job {
  kind: string;
  key: string;
  payload: unknown;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
}

export type JobHandler = (job: Job) => Promise<void>;

export interface WorkOptions {
  concurrency: number;
  /** Abort to stop: no new job is claimed and work() resolves once running jobs have finished. */
  signal: AbortSignal;
  pollIntervalMs?: number;
  /** Resolve by itself once nothing is pending, running or waiting for a retry. */
  stopWhenIdle?: boolean;
}

export interface QueueStats {
  /** Waiting for their first attempt (including ones scheduled for later). */
  pending: number;
  running: number;
  done: number;
  /** Failed at least once and waiting for a retry. */
  failed: number;
  /** Failed maxAttempts times: dead letters, kept for inspection. */
  dead: number;
}

export interface WorkQueue {
  readonly dialect: 'sqlite' | 'postgres';
  enqueue(job: JobSpec): Promise<{ enqueued: boolean }>;
  work(handler: JobHandler, opts: WorkOptions): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Dead letters with their last error, newest first. */
  deadLetters(limit?: number): Promise<{ kind: string; key: string; attempts: number; lastError: string | null }[]>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_ATTEMPTS = 25;
export const DEFAULT_POLL_INTERVAL_MS = 2000;
/** How long a claimed job stays claimed without a heartbeat before another worker may take it. */
export const DEFAULT_LEASE_MS = 30_000;

/** graphile-worker's schedule, used by both: e^min(attempts, 10) seconds after the attempt-th failure. */
export function retryDelayMs(attempts: number): number {
  return Math.round(Math.exp(Math.min(attempts, 10)) * 1000);
}

export function emptyStats(): QueueStats {
  return { pending: 0, running: 0, done: 0, failed: 0, dead: 0 };
}

export function isIdle(s: QueueStats): boolean {
  return s.pending + s.running + s.failed === 0;
}

/** Resolves after `ms`, or early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A signal that aborts with `outer`, or by itself once the queue is idle when `stopWhenIdle`.
 * `stop()` clears the watcher.
 */
export function workSignal(
  opts: WorkOptions,
  stats: () => Promise<QueueStats>,
  pollMs: number,
): { signal: AbortSignal; stop: () => void } {
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort();
  if (opts.signal.aborted) ctrl.abort();
  opts.signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | null = null;
  if (opts.stopWhenIdle === true) {
    const check = async () => {
      timer = null;
      if (ctrl.signal.aborted) return;
      try {
        if (isIdle(await stats())) return ctrl.abort();
      } catch { /* the next check tries again */ }
      if (!ctrl.signal.aborted) timer = setTimeout(() => void check(), Math.min(pollMs, 250));
    };
    timer = setTimeout(() => void check(), Math.min(pollMs, 250));
  }
  return {
    signal: ctrl.signal,
    stop: () => {
      if (timer !== null) clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
    },
  };
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
