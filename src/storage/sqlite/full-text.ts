// SQLite full text: an FTS5 table over documents(title, text), external content, kept current by
// triggers. Chinese, Japanese and Korean terms fall back to LIKE, because unicode61 keeps a run of
// Han characters as one token and a sub-word search would find nothing.
import { sql } from 'kysely';
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
