// PostgreSQL full text: a generated tsvector column (title weighted above text) with a GIN index,
// and for Chinese, Japanese and Korean a pg_trgm GIN index restricted to rows that contain such
// script, searched with ILIKE (tsvector parsers do not split Han text into words).
import { sql } from 'kysely';
import type { SearchHit } from '../../domain/index.js';
import { likePattern, makeSnippet } from '../search-query.js';
import type { ParsedQuery } from '../search-query.js';
import type { Db, FullTextSearch } from '../store-dialect.js';

/** Text beyond this many characters is stored but not indexed: a tsvector is capped at 1 MB. */
export const INDEXED_TEXT_CHARS = 262_144;

// Must be spelled identically in the index predicate and in queries so the planner uses the index.
const HAS_CJK = sql.raw(`(title || ' ' || text) ~ '[぀-ヿ㐀-䶿一-鿿가-힯豈-﫿]'`);
const HAYSTACK = sql.raw(`(title || ' ' || text)`);

export async function installFullText(db: Db): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(db);
  await sql.raw(`ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('english'::regconfig, title), 'A')
      || setweight(to_tsvector('english'::regconfig, left(text, ${INDEXED_TEXT_CHARS})), 'B')) STORED`).execute(db);
  await sql`CREATE INDEX documents_search_idx ON documents USING gin (search_vector)`.execute(db);
  await sql`CREATE INDEX documents_cjk_trgm_idx ON documents
    USING gin (${HAYSTACK} public.gin_trgm_ops) WHERE ${HAS_CJK}`.execute(db);
}

interface HitRow {
  id: string;
  title: string;
  published_at: string | null;
  source_id: string | null;
  snippet: string;
}

/** How many of the most recent matches are ranked by relevance. */
export const RANK_WINDOW = 200;

const HEADLINE_OPTIONS = 'MaxWords=35, MinWords=12, MaxFragments=1, StartSel=«, StopSel=»';

export const postgresFullText: FullTextSearch = {
  async search(db: Db, query: ParsedQuery, limit: number): Promise<SearchHit[]> {
    if (query.hasCjk) {
      const where = query.terms.map((t) => sql`${HAYSTACK} ILIKE ${likePattern(t)}`);
      const rows = await sql<HitRow & { text: string }>`
        SELECT id, title, published_at, source_id, text FROM documents
        WHERE ${HAS_CJK} AND ${sql.join(where, sql` AND `)}
        ORDER BY sort_at DESC, id DESC LIMIT ${limit}`.execute(db);
      return rows.rows.map((r) => toHit({ ...r, snippet: makeSnippet(r.text, query.terms) }));
    }
    // plainto_tsquery reads its input as plain words: it cannot raise a syntax error.
    // Ranking every match of a common word costs a detoasted tsvector per row (seconds at 100k
    // documents), so only the RANK_WINDOW most recent matches are ranked: relevance within recency.
    // The tsquery is written inline (not in a CTE) so the planner sees the constant and picks,
    // per query, between walking the date index (common words) and the GIN index (rare ones).
    const tsq = sql`plainto_tsquery('english'::regconfig, ${query.terms.join(' ')})`;
    const rows = await sql<HitRow>`
      WITH recent AS (
        SELECT d.id, d.title, d.published_at, d.source_id, d.text, d.sort_at, d.search_vector
        FROM documents d WHERE d.search_vector @@ ${tsq}
        ORDER BY d.sort_at DESC LIMIT ${RANK_WINDOW}),
      top AS (
        SELECT recent.*, ts_rank(recent.search_vector, ${tsq}) AS rank FROM recent
        ORDER BY rank DESC, recent.sort_at DESC LIMIT ${limit})
      SELECT top.id, top.title, top.published_at, top.source_id,
             ts_headline('english'::regconfig, left(top.text, ${INDEXED_TEXT_CHARS}), ${tsq}, ${HEADLINE_OPTIONS}) AS snippet
      FROM top ORDER BY top.rank DESC, top.sort_at DESC`.execute(db);
    return rows.rows.map(toHit);
  },
};

function toHit(r: HitRow): SearchHit {
  return { documentId: r.id, title: r.title, snippet: r.snippet, publishedAt: r.published_at, sourceId: r.source_id };
}
