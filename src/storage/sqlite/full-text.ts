// SQLite full text: an FTS5 table over documents(title, text), external content. A new document
// is queued by a trigger and indexed after its transaction (indexPendingText), so tokenising it is
// not on the writer's path; edits and deletes of indexed documents are kept current by triggers.
// Chinese, Japanese and Korean terms fall back to LIKE, because unicode61 keeps a run of Han
// characters as one token and a sub-word search would find nothing.
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, sql } from 'kysely';
import type { SearchHit } from '../../domain/index.js';
import { likePattern, makeSnippet } from '../search-query.js';
import type { ParsedQuery } from '../search-query.js';
import type { Db, FullTextSearch } from '../store-dialect.js';

export async function installFullText(db: Db): Promise<void> {
  await sql`CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='seq',
    tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
  await sql`CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
  END`.execute(db);
  await sql`CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
  END`.execute(db);
  await sql`CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
  END`.execute(db);
}

/**
 * Migration 0005: an insert only queues the document's row in full_text_pending; indexing the
 * queue (indexPendingText) happens after the writing transaction, on another thread during a large
 * ingest. A queued row is not in the index yet, so its edit needs nothing and its delete only
 * leaves the queue; an indexed row's edit or delete updates the index in the same transaction, as
 * before. (An FTS5 'delete' of a row that was never indexed would corrupt the index.)
 */
export async function deferFullText(db: Db): Promise<void> {
  await sql`CREATE TABLE full_text_pending (seq INTEGER PRIMARY KEY)`.execute(db);
  for (const t of ['documents_fts_ai', 'documents_fts_ad', 'documents_fts_au']) await sql`DROP TRIGGER ${sql.raw(t)}`.execute(db);
  await sql`CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
    INSERT INTO full_text_pending(seq) VALUES (new.seq);
  END`.execute(db);
  await sql`CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) SELECT 'delete', old.seq, old.title, old.text
      WHERE NOT EXISTS (SELECT 1 FROM full_text_pending WHERE seq = old.seq);
    DELETE FROM full_text_pending WHERE seq = old.seq;
  END`.execute(db);
  await sql`CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents
    WHEN NOT EXISTS (SELECT 1 FROM full_text_pending WHERE seq = old.seq) BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
  END`.execute(db);
}

/** Queued documents indexed per transaction: a few megabytes of text, tens of milliseconds of lock. */
export const FULL_TEXT_CHUNK = 500;

// One chunk: the oldest queued rows up to a bound, indexed and dequeued in one transaction.
const CHUNK_END = 'SELECT max(seq) AS seq FROM (SELECT seq FROM full_text_pending ORDER BY seq LIMIT ?)';
const INDEX_CHUNK = `INSERT INTO documents_fts(rowid, title, text)
  SELECT seq, title, text FROM documents WHERE seq IN (SELECT seq FROM full_text_pending WHERE seq <= ?) ORDER BY seq`;
const DEQUEUE_CHUNK = 'DELETE FROM full_text_pending WHERE seq <= ?';
const PENDING = 'SELECT count(*) AS n FROM full_text_pending';

/** How many stored documents wait to be indexed. */
export async function pendingTextCount(db: Db): Promise<number> {
  const r = await db.executeQuery<{ n: number }>(CompiledQuery.raw(PENDING, []));
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Indexes the queue through Kysely, one write transaction per chunk, so it never runs inside
 * another operation's transaction on the shared connection. Returns how many were indexed.
 */
export async function indexPendingTextAsync(
  writeTransaction: <T>(fn: (db: Db) => Promise<T>) => Promise<T>, chunk = FULL_TEXT_CHUNK,
): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await writeTransaction(async (db) => {
      const end = (await db.executeQuery<{ seq: number | null }>(CompiledQuery.raw(CHUNK_END, [chunk]))).rows[0]?.seq ?? null;
      if (end === null) return 0;
      await db.executeQuery(CompiledQuery.raw(INDEX_CHUNK, [end]));
      // Counted off the queue: the row count of an insert into a virtual table is not reliable.
      const r = await db.executeQuery(CompiledQuery.raw(DEQUEUE_CHUNK, [end]));
      return Number(r.numAffectedRows ?? 0n);
    });
    total += n;
    if (n === 0) return total;
  }
}

/** The same on a connection of its own (the indexing thread's), where blocking is harmless. */
export function indexPendingTextSync(database: BetterSqlite3.Database, chunk = FULL_TEXT_CHUNK): number {
  const chunkEnd = database.prepare<[number], { seq: number | null }>(CHUNK_END);
  const index = database.prepare<[number]>(INDEX_CHUNK);
  const dequeue = database.prepare<[number]>(DEQUEUE_CHUNK);
  const step = database.transaction((): number => {
    const end = chunkEnd.get(chunk)?.seq ?? null;
    if (end === null) return 0;
    index.run(end);
    return dequeue.run(end).changes;
  });
  let total = 0;
  for (let n = step.immediate(); n > 0; n = step.immediate()) total += n;
  return total;
}

/** Each term becomes an FTS5 string literal, so no user character is ever read as syntax. */
export function ftsMatchExpression(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
}

/** How many of the most recently stored matches are ranked by relevance. */
export const RANK_WINDOW = 200;

interface HitRow {
  id: string;
  title: string;
  published_at: string | null;
  source_id: string | null;
  snippet: string;
}

export const sqliteFullText: FullTextSearch = {
  async search(db: Db, query: ParsedQuery, limit: number): Promise<SearchHit[]> {
    if (query.hasCjk) {
      const where = query.terms.map((t) => {
        const p = likePattern(t);
        return sql`(title LIKE ${p} ESCAPE '\\' OR text LIKE ${p} ESCAPE '\\')`;
      });
      const rows = await sql<HitRow & { text: string }>`
        SELECT id, title, published_at, source_id, text, '' AS snippet FROM documents
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY sort_at DESC, id DESC LIMIT ${limit}`.execute(db);
      return rows.rows.map((r) => toHit({ ...r, snippet: makeSnippet(r.text, query.terms) }));
    }
    // bm25 over every match of a common word grows with the corpus, so only the RANK_WINDOW most
    // recently stored matches (highest rowids, read straight off the doclist) are ranked.
    const match = ftsMatchExpression(query.terms);
    const rows = await sql<HitRow>`
      SELECT d.id, d.title, d.published_at, d.source_id,
             snippet(documents_fts, 1, '«', '»', '…', 24) AS snippet
      FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid
      WHERE documents_fts MATCH ${match}
        AND documents_fts.rowid >= (SELECT coalesce(min(rowid), 0) FROM (
          SELECT rowid FROM documents_fts WHERE documents_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${RANK_WINDOW}))
      ORDER BY bm25(documents_fts, 4.0, 1.0), d.sort_at DESC
      LIMIT ${limit}`.execute(db);
    return rows.rows.map(toHit);
  },
};

function toHit(r: HitRow): SearchHit {
  return { documentId: r.id, title: r.title, snippet: r.snippet, publishedAt: r.published_at, sourceId: r.source_id };
}
