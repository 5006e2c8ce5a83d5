// The work queue on PostgreSQL, run by graphile-worker: one task identifier ("readout") carries
// our kind, key and payload. graphile-worker deletes a job once it succeeds, so a table of our own,
// readout_queue_jobs, remembers every key ever enqueued (the same work is never done twice) and
// each job's state for stats. Jobs of a killed worker are freed by the survivors: workers
// heartbeat into readout_queue_workers and a worker whose heartbeat is older than the lease is
// force-unlocked (graphile-worker alone would wait four hours).
import { EventEmitter } from 'node:events';
import { Logger, run, runMigrations } from 'graphile-worker';
import type { JobHelpers, Task, WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import { ReadoutError } from '../domain/index.js';
import {
  DEFAULT_LEASE_MS, DEFAULT_MAX_ATTEMPTS, DEFAULT_POLL_INTERVAL_MS, emptyStats, errorMessage, workSignal,
} from './work-queue.js';
import type { JobHandler, JobSpec, QueueStats, WorkOptions, WorkQueue } from './work-queue.js';

export interface PostgresQueueOptions {
  url: string;
  /** Schema for our tables; graphile-worker's go to `<schema>_worker`. Default: public + graphile_worker. */
  schema?: string;
  leaseMs?: number;
  poolSize?: number;
  /** Where graphile-worker's own log lines go (default: dropped). */
  onLog?: (level: string, message: string) => void;
}

const TASK = 'readout';
const SETUP_LOCK_KEY = 0x72656164717565; // "readque"

interface Envelope {
  kind: string;
  key: string;
  payload: unknown;
}

function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,50}$/.test(schema)) {
    throw new ReadoutError('E_CONFIG', `queue schema "${schema}" is invalid; use lower-case letters, digits and _ only`);
  }
  return schema;
}

export async function openPostgresQueue(options: PostgresQueueOptions): Promise<WorkQueue> {
  const schema = options.schema === undefined ? null : assertSchemaName(options.schema);
  const ours = schema ?? 'public';
  const workerSchema = schema === null ? 'graphile_worker' : `${schema}_worker`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  pool.on('error', () => undefined);
  const logger = new Logger(() => (level, message) => options.onLog?.(level, message));
  const jobs = `${ours}.readout_queue_jobs`;
  const workers = `${ours}.readout_queue_workers`;

  try {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK_KEY]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${ours}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${jobs} (
        key text PRIMARY KEY,
        kind text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL,
        worker_id text,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now())`);
      await client.query(`CREATE INDEX IF NOT EXISTS readout_queue_jobs_state_idx ON ${jobs} (state)`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${workers} (
        worker_id text PRIMARY KEY,
        heartbeat_at timestamptz NOT NULL)`);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    await runMigrations({ pgPool: pool, schema: workerSchema, logger });
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new ReadoutError('E_STORE', `cannot open the PostgreSQL queue at ${options.url.replace(/\/\/[^@/]*@/, '//…@')}: ${errorMessage(e)}; check that PostgreSQL is running and reachable`, { cause: e });
  }

  /**
   * Frees the jobs of lost workers: those whose heartbeat is older than the lease, and those
   * holding a job for longer than the lease without ever having sent a heartbeat (killed
   * between taking their first job and their first heartbeat).
   */
  async function reclaimLost(): Promise<void> {
    const lost = await pool.query<{ worker_id: string }>(
      `DELETE FROM ${workers} WHERE heartbeat_at < now() - make_interval(secs => $1::float8 / 1000) RETURNING worker_id`, [leaseMs]);
    const orphans = await pool.query<{ worker_id: string }>(
      `SELECT DISTINCT locked_by AS worker_id FROM ${workerSchema}.jobs j
       WHERE j.locked_by IS NOT NULL AND j.locked_at < now() - make_interval(secs => $1::float8 / 1000)
         AND NOT EXISTS (SELECT 1 FROM ${workers} w WHERE w.worker_id = j.locked_by)`, [leaseMs]);
    const ids = [...new Set([...lost.rows, ...orphans.rows].map((r) => r.worker_id))];
    if (ids.length === 0) return;
    await pool.query(`SELECT ${workerSchema}.force_unlock_workers($1::text[])`, [ids]);
    await pool.query(`UPDATE ${jobs} SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'pending' END,
      last_error = CASE WHEN attempts >= max_attempts THEN coalesce(last_error, 'the worker running it stopped on the last attempt') ELSE last_error END,
      worker_id = NULL, updated_at = now() WHERE state = 'running' AND worker_id = ANY($1::text[])`, [ids]);
  }

  let closed = false;
  const queue: WorkQueue = {
    dialect: 'postgres',

    async enqueue(job: JobSpec) {
      const maxAttempts = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const ins = await client.query(
          `INSERT INTO ${jobs} (key, kind, state, max_attempts) VALUES ($1, $2, 'pending', $3) ON CONFLICT (key) DO NOTHING`,
          [job.key, job.kind, maxAttempts]);
        if (ins.rowCount === 1) {
          const envelope: Envelope = { kind: job.kind, key: job.key, payload: job.payload ?? null };
          await client.query(
            `SELECT ${workerSchema}.add_job($1, $2::json, run_at => $3::timestamptz, max_attempts => $4,
               job_key => $5, job_key_mode => 'unsafe_dedupe')`,
            [TASK, JSON.stringify(envelope), job.runAt?.toISOString() ?? null, maxAttempts, job.key]);
        }
        await client.query('COMMIT');
        return { enqueued: ins.rowCount === 1 };
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new ReadoutError('E_STORE', `could not enqueue job ${job.key}: ${errorMessage(e)}`, { cause: e });
      } finally {
        client.release();
      }
    },

    async work(handler: JobHandler, opts: WorkOptions) {
      const pollMs = opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
      const { signal, stop } = workSignal(opts, () => queue.stats(), pollMs);
      const ids = new Set<string>();
      const events: WorkerEvents = new EventEmitter() as WorkerEvents;
      events.on('worker:create', ({ worker }) => { ids.add(worker.workerId); });

      const task: Task = async (raw, helpers: JobHelpers) => {
        const env = raw as Envelope;
        const workerId = helpers.job.locked_by ?? '';
        const started = await pool.query(
          `UPDATE ${jobs} SET state = 'running', attempts = $2, worker_id = $3, updated_at = now()
           WHERE key = $1 AND state <> 'done' RETURNING key`, [env.key, helpers.job.attempts, workerId]);
        // Done already: a worker died between finishing and telling graphile-worker. Never redo it.
        if (started.rowCount === 0) return;
        try {
          await handler({
            kind: env.kind, key: env.key, payload: env.payload,
            attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts,
          });
        } catch (e) {
          await pool.query(
            `UPDATE ${jobs} SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'failed' END,
             last_error = $2, worker_id = NULL, updated_at = now() WHERE key = $1`, [env.key, errorMessage(e)]);
          throw e;
        }
        await pool.query(`UPDATE ${jobs} SET state = 'done', last_error = NULL, worker_id = NULL, updated_at = now() WHERE key = $1`, [env.key]);
      };

      const beat = async () => {
        if (ids.size > 0) {
          await pool.query(`INSERT INTO ${workers} (worker_id, heartbeat_at) SELECT unnest($1::text[]), now()
            ON CONFLICT (worker_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`, [[...ids]]);
        }
        await reclaimLost();
      };
      const runner = await run({
        pgPool: pool,
        schema: workerSchema,
        concurrency: Math.max(1, Math.trunc(opts.concurrency)),
        pollInterval: pollMs,
        noHandleSignals: true,
        taskList: { [TASK]: task },
        events,
        logger,
      });
      await beat().catch(() => undefined);
      const heartbeat = setInterval(() => void beat().catch(() => undefined), Math.max(100, Math.floor(leaseMs / 3)));
      try {
        await new Promise<void>((resolve, reject) => {
          if (signal.aborted) return resolve();
          signal.addEventListener('abort', () => resolve(), { once: true });
          runner.promise.then(() => resolve(), reject);
        });
        // Graceful: waits for running jobs, then releases the workers.
        await runner.stop().catch(() => undefined);
        await runner.promise.catch(() => undefined);
      } finally {
        clearInterval(heartbeat);
        stop();
        if (ids.size > 0) await pool.query(`DELETE FROM ${workers} WHERE worker_id = ANY($1::text[])`, [[...ids]]).catch(() => undefined);
      }
    },

    async stats(): Promise<QueueStats> {
      const r = await pool.query<{ state: keyof QueueStats; n: string }>(`SELECT state, count(*)::text AS n FROM ${jobs} GROUP BY state`);
      const out = emptyStats();
      for (const row of r.rows) out[row.state] = Number(row.n);
      return out;
    },

    async deadLetters(limit = 100) {
      const r = await pool.query<{ kind: string; key: string; attempts: number; last_error: string | null }>(
        `SELECT kind, key, attempts, last_error FROM ${jobs} WHERE state = 'dead' ORDER BY updated_at DESC, key LIMIT $1`, [limit]);
      return r.rows.map((x) => ({ kind: x.kind, key: x.key, attempts: x.attempts, lastError: x.last_error }));
    },

    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  return queue;
}
