// SQLite through better-sqlite3: WAL, foreign keys on, a busy timeout so several processes can
// share one file, and BEGIN IMMEDIATE for every write transaction.
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import { ReadoutError } from '../../domain/index.js';
import { inTransaction } from '../connection-transaction.js';
import type { Database as Tables } from '../database-schema.js';
import { jsonCodec } from '../json-codec.js';
import type { StartThread, StoreDialect } from '../store-dialect.js';
import { indexPendingTextAsync, pendingTextCount, sqliteFullText } from './full-text.js';
import { sqliteDdl } from './migrations.js';

export interface SqliteDialectOptions {
  /** A file path, or ':memory:'. */
  file: string;
  busyTimeoutMs?: number;
  /** Lets a large indexing backlog be worked off on a thread of its own (see indexPendingText). */
  startThread?: StartThread;
}

/**
 * Below this many queued documents, indexing inline costs less than starting a thread (tens of
 * milliseconds) and is done before a thread would have opened the database.
 */
export const BACKGROUND_INDEXING_MIN = 1000;

const THREAD_URL = new URL(import.meta.url.endsWith('.ts') ? './full-text-thread.ts' : './full-text-thread.js', import.meta.url);

/** Runs the indexing thread on `file`; resolves with how many it indexed, rejects with its error. */
function indexOnThread(startThread: StartThread, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = startThread(THREAD_URL, { file });
    let settled = false;
    worker.once('message', (m: { indexed?: number; error?: string }) => {
      settled = true;
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.indexed ?? 0);
    });
    worker.once('error', (e) => { if (!settled) { settled = true; reject(e); } });
    worker.once('exit', (code) => { if (!settled) { settled = true; reject(new Error(`full-text indexing thread exited with code ${code}`)); } });
  });
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/** Retries `fn` while SQLite is busy, with jittered backoff, for up to `budgetMs`. */
export async function retryBusy<T>(fn: () => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isBusy(e) || Date.now() >= deadline) throw e;
      const wait = Math.min(50, 1 + 2 ** Math.min(attempt, 6)) * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Prepared statements kept per connection; the hot ones (the inserts of an ingest) are a few dozen. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The database as Kysely sees it, with prepared statements reused by SQL text: Kysely prepares
 * every query it runs, and preparing costs as much as running a small insert. A statement still
 * being iterated (a streaming read) is busy and cannot be shared, so a fresh one is prepared then.
 */
export function withStatementCache(database: Database.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      const hit = cache.get(sqlText);
      if (hit && !hit.busy) {
        // Most recently used last, so the first key is the one to evict.
        cache.delete(sqlText);
        cache.set(sqlText, hit);
        return hit;
      }
      const stmt = database.prepare(sqlText);
      if (!hit) {
        cache.set(sqlText, stmt);
        if (cache.size > size) cache.delete(cache.keys().next().value as string);
      }
      return stmt;
    },
  };
}

export function createSqliteDialect(options: SqliteDialectOptions): StoreDialect {
  let database: Database.Database;
  try {
    database = new Database(options.file);
    // 16 KiB pages for a new database (an existing one keeps its size): an analysis is tens of
    // kilobytes of JSON, and on 4 KiB pages each one is a chain of overflow pages, which made
    // writing them nearly twice as slow.
    database.pragma('page_size = 16384');
    if (options.file !== ':memory:') database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    // No blocking busy wait: better-sqlite3 is synchronous, so waiting inside SQLite would freeze
    // the event loop while another connection of this same process holds the lock across an
    // await. Busy errors are retried asynchronously instead (see retryBusy).
    database.pragma('busy_timeout = 0');
    database.pragma('synchronous = NORMAL');
  } catch (e) {
    throw new ReadoutError('E_STORE', `cannot open SQLite database ${options.file}: ${(e as Error).message}; check that the folder exists and is writable`, { cause: e });
  }
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return {
    name: 'sqlite',
    db,
    json: jsonCodec((bytes) => sql`CAST(${bytes} AS TEXT)`),
    ddl: sqliteDdl,
    fullText: sqliteFullText,
    writeTransaction: (_keys, fn) => inTransaction(db, 'begin immediate', fn),
    retry: (fn) => retryBusy(fn, options.busyTimeoutMs ?? 15_000),
    withMigrationLock: (fn) => inTransaction(db, 'begin immediate', fn),
    async indexPendingText({ background }) {
      const pending = await pendingTextCount(db);
      if (pending === 0) return 0;
      const inline = (): Promise<number> => indexPendingTextAsync((fn) => inTransaction(db, 'begin immediate', fn));
      if (!background || !options.startThread || options.file === ':memory:' || pending < BACKGROUND_INDEXING_MIN) return inline();
      try {
        return await indexOnThread(options.startThread, options.file);
      } catch {
        // Whatever stopped the thread (a lock held too long, a thread that could not start), the
        // documents must still become searchable: what is left is indexed here.
        return inline();
      }
    },
    async sizeBytes() {
      if (options.file === ':memory:') {
        const pages = database.pragma('page_count', { simple: true }) as number;
        const size = database.pragma('page_size', { simple: true }) as number;
        return pages * size;
      }
      database.pragma('wal_checkpoint(TRUNCATE)');
      let bytes = 0;
      for (const suffix of ['', '-wal']) {
        try { bytes += statSync(options.file + suffix).size; } catch { /* absent */ }
      }
      return bytes;
    },
    close: () => db.destroy(),
  };
}
