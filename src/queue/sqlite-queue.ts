// A lease-table work queue in a SQLite file. A worker claims a job inside BEGIN IMMEDIATE and
// holds a lease it renews while the handler runs; a killed worker's lease runs out and another
// worker reclaims the job. `run_at` means "claimable from": the scheduled time for waiting jobs,
// the retry time for failed ones and the lease expiry for running ones, so one index serves all.
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { ReadoutError } from '../domain/index.js';
import {
  DEFAULT_LEASE_MS, DEFAULT_MAX_ATTEMPTS, DEFAULT_POLL_INTERVAL_MS, emptyStats, errorMessage, retryDelayMs,
  sleep, workSignal,
} from './work-queue.js';
import type { Job, JobHandler, JobSpec, QueueStats, WorkOptions, WorkQueue } from './work-queue.js';

export interface SqliteQueueOptions {
  file: string;
  leaseMs?: number;
  /** Overrides the retry schedule (tests); default graphile-worker's e^attempts seconds. */
  retryDelayMs?: (attempts: number) => number;
  now?: () => number;
}

interface JobRow {
  key: string;
  kind: string;
  payload: string;
  state: string;
  attempts: number;
  max_attempts: number;
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

export function openSqliteQueue(options: SqliteQueueOptions): WorkQueue {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const delay = options.retryDelayMs ?? retryDelayMs;
  const now = options.now ?? Date.now;
  let db: Database.Database;
  try {
    db = new Database(options.file);
    if (options.file !== ':memory:') db.pragma('journal_mode = WAL');
    // Never wait inside SQLite: it would block the event loop (see withBusyRetry).
    db.pragma('busy_timeout = 0');
    db.pragma('synchronous = NORMAL');
  } catch (e) {
    throw new ReadoutError('E_STORE', `cannot open the SQLite queue at ${options.file}: ${(e as Error).message}; check that the folder exists and is writable`, { cause: e });
  }

  /** Runs a short synchronous transaction, retrying asynchronously while another writer holds the lock. */
  async function withBusyRetry<T>(fn: () => T, immediate = true): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (let attempt = 0; ; attempt++) {
      try {
        if (!immediate) return fn();
        db.exec('BEGIN IMMEDIATE');
        try {
          const r = fn();
          db.exec('COMMIT');
          return r;
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw e;
        }
      } catch (e) {
        if (!isBusy(e) || Date.now() > deadline) {
          throw new ReadoutError('E_STORE', `the SQLite queue failed: ${errorMessage(e)}`, { cause: e });
        }
        await sleep(Math.min(50, 1 + 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
      }
    }
  }

  const ready = withBusyRetry(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS readout_queue_jobs (
      key TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      payload TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'dead')),
      attempts INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL,
      run_at INTEGER NOT NULL,
      worker_id TEXT,
      last_error TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS readout_queue_jobs_claim_idx ON readout_queue_jobs (state, run_at);`);
  });

  const stmts = ready.then(() => ({
    insert: db.prepare(`INSERT INTO readout_queue_jobs (key, kind, payload, state, attempts, max_attempts, run_at, created_at, updated_at)
      VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`),
    next: db.prepare(`SELECT key, kind, payload, state, attempts, max_attempts FROM readout_queue_jobs
      WHERE state IN ('pending', 'failed', 'running') AND run_at <= ? ORDER BY run_at, key LIMIT 1`),
    claim: db.prepare(`UPDATE readout_queue_jobs SET state = 'running', attempts = attempts + 1, run_at = ?,
      worker_id = ?, updated_at = ? WHERE key = ?`),
    lost: db.prepare(`UPDATE readout_queue_jobs SET state = 'dead', worker_id = NULL, updated_at = ?,
      last_error = coalesce(last_error, 'the worker running it stopped on the last attempt') WHERE key = ?`),
    renew: db.prepare(`UPDATE readout_queue_jobs SET run_at = ? WHERE key = ? AND worker_id = ? AND state = 'running'`),
    done: db.prepare(`UPDATE readout_queue_jobs SET state = 'done', worker_id = NULL, last_error = NULL, run_at = ?, updated_at = ?
      WHERE key = ? AND worker_id = ? AND state = 'running'`),
    fail: db.prepare(`UPDATE readout_queue_jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'failed' END,
      run_at = ? , worker_id = NULL, last_error = ?, updated_at = ? WHERE key = ? AND worker_id = ? AND state = 'running'`),
    stats: db.prepare(`SELECT state, count(*) AS n FROM readout_queue_jobs GROUP BY state`),
    dead: db.prepare(`SELECT kind, key, attempts, last_error FROM readout_queue_jobs WHERE state = 'dead' ORDER BY updated_at DESC, key LIMIT ?`),
  }));

  async function claim(workerId: string): Promise<JobRow | null> {
    const s = await stmts;
    return withBusyRetry(() => {
      for (;;) {
        const t = now();
        const row = s.next.get(t) as JobRow | undefined;
        if (row === undefined) return null;
        if (row.state === 'running' && row.attempts >= row.max_attempts) {
          // Its worker died during the last allowed attempt: a dead letter, as in graphile-worker.
          s.lost.run(t, row.key);
          continue;
        }
        s.claim.run(t + leaseMs, workerId, t, row.key);
        return { ...row, attempts: row.attempts + 1 };
      }
    });
  }

  let closed = false;
  const queue: WorkQueue = {
    dialect: 'sqlite',

    async enqueue(job: JobSpec) {
      const s = await stmts;
      const t = now();
      const payload = JSON.stringify(job.payload ?? null);
      const info = await withBusyRetry(() => s.insert.run(
        job.key, job.kind, payload, job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, job.runAt?.getTime() ?? t, t, t,
      ), false);
      return { enqueued: info.changes === 1 };
    },

    async work(handler: JobHandler, opts: WorkOptions) {
      const s = await stmts;
      const pollMs = opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
      const { signal, stop } = workSignal(opts, () => queue.stats(), pollMs);
      const workerId = `${process.pid}-${randomBytes(6).toString('hex')}`;
      const inFlight = new Set<string>();
      const heartbeat = setInterval(() => {
        if (inFlight.size === 0) return;
        const keys = [...inFlight];
        void withBusyRetry(() => {
          const until = now() + leaseMs;
          for (const k of keys) s.renew.run(until, k, workerId);
        }).catch(() => undefined);
      }, Math.max(50, Math.floor(leaseMs / 3)));

      const slot = async () => {
        while (!signal.aborted) {
          const row = await claim(workerId);
          if (row === null) {
            await sleep(pollMs, signal);
            continue;
          }
          inFlight.add(row.key);
          const job: Job = {
            kind: row.kind, key: row.key, payload: JSON.parse(row.payload) as unknown,
            attempt: row.attempts, maxAttempts: row.max_attempts,
          };
          try {
            await handler(job);
            await withBusyRetry(() => { const t = now(); s.done.run(t, t, row.key, workerId); });
          } catch (e) {
            const t = now();
            await withBusyRetry(() => s.fail.run(t + delay(row.attempts), errorMessage(e), t, row.key, workerId));
          } finally {
            inFlight.delete(row.key);
          }
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.max(1, Math.trunc(opts.concurrency)) }, slot));
      } finally {
        clearInterval(heartbeat);
        stop();
      }
    },

    async stats(): Promise<QueueStats> {
      const s = await stmts;
      const out = emptyStats();
      for (const r of s.stats.all() as { state: keyof QueueStats; n: number }[]) out[r.state] = r.n;
      return out;
    },

    async deadLetters(limit = 100) {
      const s = await stmts;
      return (s.dead.all(limit) as { kind: string; key: string; attempts: number; last_error: string | null }[])
        .map((r) => ({ kind: r.kind, key: r.key, attempts: r.attempts, lastError: r.last_error }));
    },

    async close() {
      if (closed) return;
      closed = true;
      await ready.catch(() => undefined);
      db.close();
    },
  };
  return queue;
}
