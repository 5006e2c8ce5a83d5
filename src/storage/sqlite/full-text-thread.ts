// The full-text indexing thread: indexes the documents queued in full_text_pending on a connection
// of its own, so a large ingest's tokenising overlaps the story regrouping on the main thread.
// Started by the SQLite dialect (indexPendingText); reports { indexed } or { error } and exits.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { indexPendingTextSync } from './full-text.js';

const { file } = workerData as { file: string };
let database: Database.Database | null = null;
try {
  database = new Database(file, { fileMustExist: true });
  // Blocking is harmless here: this thread has nothing else to do while the main connection writes.
  database.pragma('busy_timeout = 10000');
  parentPort?.postMessage({ indexed: indexPendingTextSync(database) });
} catch (e) {
  parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) });
} finally {
  database?.close();
}
