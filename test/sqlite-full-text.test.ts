// SQLite's deferred full-text index: a stored document is queued, not tokenised in the writing
// transaction, and indexed afterwards (inline, or on a thread of its own for a large backlog).
// Every path must leave FTS5's own integrity check passing: an external-content index that is told
// to delete a row it never indexed is silently corrupt.
import { createHash } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { startModuleThread } from '../src/app/analysis-thread.js';
import type { Document } from '../src/domain/index.js';
import type { KyselyStore} from '../src/storage/index.js';
import { openStore } from '../src/storage/index.js';
import { createSqliteDialect } from '../src/storage/sqlite/dialect.js';
import { installFullText } from '../src/storage/sqlite/full-text.js';
import { tempDir } from './helpers/db.js';

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

function doc(id: string, text: string, title = `Title of ${id}`): Document {
  return {
    id, url: `https://example.test/${id}`, canonicalUrl: `https://example.test/${id}`, sourceId: 'example', title,
    byline: null, publishedAt: '2025-11-24T08:00:00Z', modifiedAt: null, lang: 'en', siteName: 'Example',
    contentHash: sha256(text), fetchedAt: '2025-11-25T00:00:00.000Z', extractor: { name: 'test', version: '1' }, html: null, text,
  };
}

const dirs: { remove(): void }[] = [];
afterEach(() => { for (const d of dirs.splice(0)) d.remove(); });

function dbFile(): string {
  const dir = tempDir('sqlite-fts');
  dirs.push(dir);
  return dir.file('fts.db');
}

/** Reads the file on a connection of its own: what is queued, and whether FTS5 finds its index sound. */
function inspect(file: string): { pending: number; indexed: number; integrity: 'ok' | string } {
  const raw = new BetterSqlite3(file);
  try {
    const n = (q: string): number => (raw.prepare(q).get() as { n: number }).n;
    let integrity = 'ok';
    try {
      raw.exec("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)");
    } catch (e) {
      integrity = (e as Error).message;
    }
    return { pending: n('SELECT count(*) AS n FROM full_text_pending'), indexed: n("SELECT count(*) AS n FROM documents_fts_docsize"), integrity };
  } finally {
    raw.close();
  }
}

const ids = async (store: KyselyStore, q: string): Promise<string[]> => (await store.search(q, { limit: 50 })).map((h) => h.documentId).sort();

describe('SQLite deferred full-text index', () => {
  it('queues a stored document, and search indexes the queue before it looks', async () => {
    const file = dbFile();
    const store = await openStore(file);
    try {
      await store.putDocument({ document: doc('a', 'Beijing pledged soybean purchases.'), analysis: null, report: [] });
      expect(inspect(file)).toEqual({ pending: 1, indexed: 0, integrity: expect.stringMatching(/malformed|corrupt/) as unknown as string });
      expect(await ids(store, 'soybean')).toEqual(['a']);
      expect(inspect(file)).toEqual({ pending: 0, indexed: 1, integrity: 'ok' });
    } finally {
      await store.close();
    }
  });

  it('indexes the current text of a document edited while queued, and keeps an indexed one current on edit', async () => {
    const file = dbFile();
    const store = await openStore(file);
    try {
      // Edited before it was ever indexed: only the new text is indexed, and nothing is deleted from the index.
      await store.putDocument({ document: doc('q', 'Tariffs on steel were raised.'), analysis: null, report: [] });
      await store.putDocument({ document: doc('q', 'Tariffs on aluminium were cut.'), analysis: null, report: [] });
      await store.indexPendingText();
      expect(inspect(file)).toEqual({ pending: 0, indexed: 1, integrity: 'ok' });
      expect(await ids(store, 'aluminium')).toEqual(['q']);
      expect(await ids(store, 'steel')).toEqual([]);
      // Edited once indexed: the trigger replaces the indexed text in the writing transaction.
      await store.putDocument({ document: doc('q', 'Export licences for chips were granted.'), analysis: null, report: [] });
      expect(inspect(file)).toEqual({ pending: 0, indexed: 1, integrity: 'ok' });
      expect(await ids(store, 'aluminium')).toEqual([]);
      expect(await ids(store, 'licences')).toEqual(['q']);
    } finally {
      await store.close();
    }
  });

  it('deletes a queued document from the queue only, and an indexed one from the index', async () => {
    const file = dbFile();
    const store = await openStore(file);
    try {
      await store.putDocument({ document: doc('indexed', 'Rare earth magnets were discussed.'), analysis: null, report: [] });
      await store.indexPendingText();
      await store.putDocument({ document: doc('queued', 'Rare earth exports resumed.'), analysis: null, report: [] });
      const raw = new BetterSqlite3(file);
      try {
        raw.exec("DELETE FROM document_versions WHERE document_id IN ('indexed', 'queued'); DELETE FROM documents WHERE id IN ('indexed', 'queued')");
      } finally {
        raw.close();
      }
      expect(inspect(file)).toEqual({ pending: 0, indexed: 0, integrity: 'ok' });
      expect(await ids(store, 'rare earth')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('works a large backlog off on a thread of its own, and finishes inline when the thread fails', async () => {
    const file = dbFile();
    const started: URL[] = [];
    const startThread = (entry: URL, data: unknown): Worker => {
      started.push(entry);
      return startModuleThread(entry, data);
    };
    const store = await openStore(file, { startThread });
    try {
      const many = Array.from({ length: 1200 }, (_, i) => doc(`bulk-${i}`, `Statement ${i} on lithium supplies and grain shipments.`));
      await store.bulkInsertDocuments(many);
      expect(inspect(file).pending).toBe(1200);
      await store.indexPendingText();
      expect(started.map((u) => u.pathname.split('/').pop())).toEqual(['full-text-thread.ts']);
      expect(inspect(file)).toEqual({ pending: 0, indexed: 1200, integrity: 'ok' });
      expect((await store.search('lithium', { limit: 5 })).length).toBe(5);
    } finally {
      await store.close();
    }

    // A thread pointed at a database that does not exist reports an error; the store indexes inline.
    const failing = await openStore(file, { startThread: (entry) => startModuleThread(entry, { file: `${file}.missing` }) });
    try {
      await failing.bulkInsertDocuments(Array.from({ length: 1100 }, (_, i) => doc(`more-${i}`, `Note ${i} about magnet exports.`)));
      await failing.indexPendingText();
      expect(inspect(file)).toEqual({ pending: 0, indexed: 2300, integrity: 'ok' });
      expect((await failing.search('magnet', { limit: 3 })).length).toBe(3);
    } finally {
      await failing.close();
    }
  }, 60_000);

  it('migrates a database whose index was kept by triggers: nothing is indexed twice', async () => {
    const file = dbFile();
    const store = await openStore(file);
    await store.putDocument({ document: doc('old', 'An old statement on wheat.'), analysis: null, report: [] });
    await store.close();
    // Back to the schema before 0005: an index kept current by an insert trigger, every row indexed.
    const dialect = createSqliteDialect({ file });
    try {
      await sql`DROP TABLE documents_fts`.execute(dialect.db);
      for (const t of ['documents_fts_ai', 'documents_fts_ad', 'documents_fts_au']) await sql`DROP TRIGGER ${sql.raw(t)}`.execute(dialect.db);
      await sql`DROP TABLE full_text_pending`.execute(dialect.db);
      await installFullText(dialect.db);
      await sql`INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')`.execute(dialect.db);
      await sql`DELETE FROM readout_migrations WHERE name = '0005_deferred_full_text'`.execute(dialect.db);
    } finally {
      await dialect.close();
    }
    const migrated = await openStore(file);
    try {
      expect(inspect(file)).toEqual({ pending: 0, indexed: 1, integrity: 'ok' });
      await migrated.putDocument({ document: doc('new', 'A new statement on wheat.'), analysis: null, report: [] });
      expect(inspect(file).pending).toBe(1);
      expect(await ids(migrated, 'wheat')).toEqual(['new', 'old']);
      expect(inspect(file)).toEqual({ pending: 0, indexed: 2, integrity: 'ok' });
    } finally {
      await migrated.close();
    }
  });
});
