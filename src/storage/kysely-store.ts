// The Store port written once against Kysely. Both adapters run this code; a StoreDialect supplies
// the connection, the transaction and locking discipline, JSON encoding and full-text search.
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type {
  Analysis, Comparison, Document, DocumentQuery, DocumentVersion, FeedState, Page, PutResult,
  SearchHit, Source, SourceKind, Story, StoredDocument, StoredFailure, Store, ReportEntry,
  DocumentToStore, GroupingInputOptions, StoredGroupingRecord,
} from '../domain/index.js';
import { ReadoutError, toReadoutError } from '../domain/index.js';
import type { DocumentsTable, AnalysesTable, Database } from './database-schema.js';
import { runMigrations } from './migrations.js';
import { parseSearchQuery } from './search-query.js';
import type { Db, StoreDialect } from './store-dialect.js';
import { analysisDigest, analysisKey, isSerialised, restoreAnalysis, serialiseAnalysis, unpackRecords, withSpanTexts } from './analysis-serialiser.js';

const MAX_PAGE = 1000;
const DEFAULT_PAGE = 50;

type DocumentRow = Selectable<DocumentsTable>;
type DocumentRowWithAnalysis = DocumentRow & {
  a_analysis: unknown;
  a_report: unknown;
};

/** ISO-8601 UTC for ordering; an unparseable date sorts by its own text. */
export function sortKey(doc: Pick<Document, 'publishedAt' | 'fetchedAt'>): string {
  const raw = doc.publishedAt ?? doc.fetchedAt;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? raw : new Date(t).toISOString();
}

function normaliseBound(value: string, name: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new ReadoutError('E_USAGE', `${name} "${value}" is not a date; use ISO-8601 such as 2025-11-24`);
  return new Date(t).toISOString();
}

function encodeCursor(sortAt: string, id: string): string {
  return Buffer.from(JSON.stringify([sortAt, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch { /* fall through */ }
  throw new ReadoutError('E_USAGE', 'the page cursor is invalid; pass the nextCursor of the previous page unchanged');
}

function pageSize(limit: number | undefined, fallback = DEFAULT_PAGE): number {
  if (limit === undefined) return fallback;
  if (!Number.isFinite(limit) || limit < 1) throw new ReadoutError('E_USAGE', `limit ${limit} is invalid; use a positive whole number`);
  return Math.min(Math.trunc(limit), MAX_PAGE);
}

function documentColumns(d: Document, version: number): Omit<DocumentRow, 'seq'> {
  return {
    id: d.id,
    url: d.url,
    canonical_url: d.canonicalUrl,
    source_id: d.sourceId,
    title: d.title,
    byline: d.byline,
    published_at: d.publishedAt,
    modified_at: d.modifiedAt,
    sort_at: sortKey(d),
    lang: d.lang,
    site_name: d.siteName,
    text: d.text,
    html: d.html ?? null,
    content_hash: d.contentHash,
    fetched_at: d.fetchedAt,
    extractor_name: d.extractor.name,
    extractor_version: d.extractor.version,
    version,
  };
}

/** The document columns but `html` (kysely cannot select "all but one"): what reading texts in bulk needs. */
const DOCUMENT_COLUMNS_BUT_HTML = [
  'documents.id', 'documents.url', 'documents.canonical_url', 'documents.source_id', 'documents.title', 'documents.byline',
  'documents.published_at', 'documents.modified_at', 'documents.sort_at', 'documents.lang', 'documents.site_name', 'documents.text',
  'documents.content_hash', 'documents.fetched_at', 'documents.extractor_name', 'documents.extractor_version', 'documents.version', 'documents.seq',
] as const;

function rowToDocument(r: DocumentRow): Document {
  return {
    id: r.id,
    url: r.url,
    canonicalUrl: r.canonical_url,
    sourceId: r.source_id,
    title: r.title,
    byline: r.byline,
    publishedAt: r.published_at,
    modifiedAt: r.modified_at,
    lang: r.lang,
    siteName: r.site_name,
    text: r.text,
    contentHash: r.content_hash,
    fetchedAt: r.fetched_at,
    extractor: { name: r.extractor_name, version: r.extractor_version },
    html: r.html,
  };
}

/** Documents after the keyset position `from` = (sort_at, id), in (sort_at, id) order. */
function afterKey(from: [string, string]) {
  return sql<boolean>`(documents.sort_at > ${from[0]} OR (documents.sort_at = ${from[0]} AND documents.id > ${from[1]}))`;
}

/** Rows per multi-row INSERT, so that no statement exceeds the dialects' parameter limits. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class KyselyStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  private readonly d: StoreDialect;
  private readonly db: Db;

  constructor(dialect: StoreDialect, private readonly now: () => Date = () => new Date()) {
    this.d = dialect;
    this.db = dialect.db;
    this.dialect = dialect.name;
  }

  private async guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.d.retry(fn);
    } catch (e) {
      if (e instanceof ReadoutError) throw e;
      const err = toReadoutError(e, 'E_STORE');
      throw new ReadoutError('E_STORE', `${this.dialect} store could not ${action}: ${err.message}; check that the database is reachable and migrated (readout ingest runs migrations)`, { cause: e });
    }
  }

  private encode(v: unknown): string {
    return this.d.json.encode(v) as string;
  }

  private decode<T>(raw: unknown): T {
    return this.d.json.decode(raw) as T;
  }

  /** JSON given as a string or as UTF-8 bytes, as the column takes it. */
  private jsonColumn(v: string | Uint8Array | null): string | null {
    // The database decodes the bytes; typed as the column's string, which it becomes there.
    return v === null || typeof v === 'string' ? v : this.d.json.fromUtf8(v) as unknown as string;
  }

  async migrate(): Promise<void> {
    await this.guard('run migrations', () => runMigrations(this.d, this.now));
  }

  close(): Promise<void> {
    return this.d.close();
  }

  /** Refreshes the planner's statistics (after a bulk load). */
  analyze(): Promise<void> {
    return this.guard('analyze its tables', async () => { await sql`ANALYZE`.execute(this.db); });
  }

  /** Bytes on disk (tables, indexes, WAL). */
  sizeBytes(): Promise<number> {
    return this.guard('measure its size', () => this.d.sizeBytes());
  }

  // ---- sources

  upsertSource(source: Source): Promise<void> {
    return this.guard('save a source', async () => {
      const row = {
        id: source.id,
        name: source.name,
        homepage: source.homepage ?? null,
        country: source.country,
        kind: source.kind,
        language: source.language,
        feeds: this.encode(source.feeds),
      };
      await this.db.insertInto('sources').values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({
          name: row.name, homepage: row.homepage, country: row.country, kind: row.kind,
          language: row.language, feeds: row.feeds,
        }))
        .execute();
    });
  }

  private rowToSource(r: Selectable<Database['sources']>): Source {
    return {
      id: r.id,
      name: r.name,
      ...(r.homepage === null ? {} : { homepage: r.homepage }),
      country: r.country,
      kind: r.kind as SourceKind,
      language: r.language,
      feeds: this.decode<string[]>(r.feeds),
    };
  }

  getSource(id: string): Promise<Source | null> {
    return this.guard('read a source', async () => {
      const r = await this.db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
      return r === undefined ? null : this.rowToSource(r);
    });
  }

  listSources(): Promise<Source[]> {
    return this.guard('list sources', async () => {
      const rows = await this.db.selectFrom('sources').selectAll().orderBy('id').execute();
      return rows.map((r) => this.rowToSource(r));
    });
  }

  // ---- documents

  putDocument(doc: DocumentToStore): Promise<PutResult> {
    const d = doc.document;
    // Lock order is always hashes then ids, so two writers can never wait on each other in a cycle.
    return this.guard('store a document', () => this.d.writeTransaction([`h:${d.contentHash}`, `d:${d.id}`], (db) => this.putOne(db, doc)));
  }

  putDocuments(docs: readonly DocumentToStore[]): Promise<PutResult[]> {
    if (docs.length === 0) return Promise.resolve([]);
    // Every writer takes its locks in one global order (sorted hashes, then sorted ids).
    const hashes = [...new Set(docs.map((x) => `h:${x.document.contentHash}`))].sort();
    const ids = [...new Set(docs.map((x) => `d:${x.document.id}`))].sort();
    return this.guard(`store ${docs.length} documents`, () => this.d.writeTransaction([...hashes, ...ids], async (db) => {
      const out: PutResult[] = [];
      for (const doc of docs) out.push(await this.putOne(db, doc));
      return out;
    }));
  }

  private async putOne(db: Db, doc: DocumentToStore): Promise<PutResult> {
    const d = doc.document;
    const existing = await db.selectFrom('documents')
      .select(['id', 'content_hash', 'version', 'text']).where('id', '=', d.id).executeTakeFirst();
    if (existing !== undefined) {
      if (existing.content_hash === d.contentHash) {
        if (isSerialised(doc) || doc.analysis !== null) await this.saveAnalysis(db, doc, 'if-changed');
        return { status: 'duplicate', id: d.id, version: existing.version } satisfies PutResult;
      }
      // The text changed: keep the outgoing text in its version row, then make the new one current.
      await db.updateTable('document_versions').set({ text: existing.text })
        .where('document_id', '=', d.id).where('version', '=', existing.version).execute();
      const seen = await db.selectFrom('document_versions').select('version')
        .where('document_id', '=', d.id).where('content_hash', '=', d.contentHash).executeTakeFirst();
      let version: number;
      if (seen !== undefined) {
        // The text went back to an earlier version: that version becomes current again.
        version = seen.version;
        await db.updateTable('document_versions').set({ text: null, title: d.title, fetched_at: d.fetchedAt })
          .where('document_id', '=', d.id).where('version', '=', version).execute();
      } else {
        const max = await db.selectFrom('document_versions').select((eb) => eb.fn.max('version').as('v'))
          .where('document_id', '=', d.id).executeTakeFirst();
        version = Number(max?.v ?? 0) + 1;
        await db.insertInto('document_versions').values({
          document_id: d.id, version, content_hash: d.contentHash, title: d.title, text: null, fetched_at: d.fetchedAt,
        }).execute();
      }
      const { id: _id, ...cols } = documentColumns(d, version);
      await db.updateTable('documents').set(cols).where('id', '=', d.id).execute();
      await this.saveAnalysis(db, doc, 'replace');
      return { status: 'updated', id: d.id, version } satisfies PutResult;
    }
    const twin = await db.selectFrom('documents').select(['id', 'version'])
      .where('content_hash', '=', d.contentHash).orderBy('seq').limit(1).executeTakeFirst();
    if (twin !== undefined) return { status: 'duplicate', id: twin.id, version: twin.version } satisfies PutResult;
    await db.insertInto('documents').values(documentColumns(d, 1)).execute();
    await db.insertInto('document_versions').values({
      document_id: d.id, version: 1, content_hash: d.contentHash, title: d.title, text: null, fetched_at: d.fetchedAt,
    }).execute();
    await this.saveAnalysis(db, doc, 'fresh');
    return { status: 'stored', id: d.id, version: 1 } satisfies PutResult;
  }

  /**
   * `fresh`: a new document, nothing stored yet. `replace`: the text changed, so an analysis of
   * the old text must go even when none is given. `if-changed`: the stored analysis is only
   * rewritten when its input hash or stage versions differ.
   */
  private async saveAnalysis(db: Db, doc: DocumentToStore, mode: 'fresh' | 'replace' | 'if-changed'): Promise<void> {
    const id = doc.document.id;
    const analysis = isSerialised(doc) ? null : doc.analysis;
    if (!isSerialised(doc) && analysis === null && doc.report.length === 0) {
      if (mode === 'replace') await db.deleteFrom('analyses').where('document_id', '=', id).execute();
      return;
    }
    const key = isSerialised(doc) ? doc.serialised : analysisKey(analysis, doc.document);
    if (mode === 'if-changed') {
      const cur = await db.selectFrom('analyses').select(['input_hash', 'stage_versions'])
        .where('document_id', '=', id).executeTakeFirst();
      if (cur !== undefined && cur.input_hash === key.inputHash && cur.stage_versions === key.stageVersions) return;
    }
    // Serialised only once it is known to be written.
    const serialised = isSerialised(doc) ? doc.serialised : analysis === null ? null : serialiseAnalysis(analysis, doc.document);
    const row: Selectable<AnalysesTable> = {
      document_id: id,
      analysis: this.jsonColumn(serialised?.json ?? null),
      digest: serialised?.digest ?? null,
      grouping: this.jsonColumn(serialised?.grouping ?? null),
      report: this.encode(doc.report),
      input_hash: key.inputHash,
      stage_versions: key.stageVersions,
      updated_at: this.now().toISOString(),
    };
    await db.insertInto('analyses').values(row)
      // The new row's values (`excluded`): the JSON is bound once, however it arrived.
      .onConflict((oc) => oc.column('document_id').doUpdateSet((eb) => ({
        analysis: eb.ref('excluded.analysis'), digest: eb.ref('excluded.digest'), grouping: eb.ref('excluded.grouping'),
        report: eb.ref('excluded.report'), input_hash: eb.ref('excluded.input_hash'),
        stage_versions: eb.ref('excluded.stage_versions'), updated_at: eb.ref('excluded.updated_at'),
      })))
      .execute();
  }

  /**
   * Bulk loading for benchmarks and imports: multi-row INSERTs of new documents, skipping ids that
   * exist. No duplicate-by-hash check and no analyses. Returns the number of rows inserted.
   */
  bulkInsertDocuments(docs: readonly Document[]): Promise<number> {
    return this.guard('bulk-insert documents', () => this.d.writeTransaction([], async (db) => {
      let inserted = 0;
      for (const part of chunks(docs, 500)) {
        const res = await db.insertInto('documents').values(part.map((d) => documentColumns(d, 1)))
          .onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
        const ids = new Set(res.map((r) => r.id));
        inserted += ids.size;
        const versions = part.filter((d) => ids.has(d.id)).map((d) => ({
          document_id: d.id, version: 1, content_hash: d.contentHash, title: d.title, text: null, fetched_at: d.fetchedAt,
        }));
        if (versions.length > 0) await db.insertInto('document_versions').values(versions).execute();
      }
      return inserted;
    }));
  }

  private withAnalysis() {
    return this.db.selectFrom('documents')
      .leftJoin('analyses', 'analyses.document_id', 'documents.id')
      .selectAll('documents')
      .select(['analyses.analysis as a_analysis', 'analyses.report as a_report']);
  }

  private toStored(r: DocumentRowWithAnalysis): StoredDocument {
    return {
      document: rowToDocument(r),
      analysis: r.a_analysis === null || r.a_analysis === undefined ? null : restoreAnalysis(this.decode(r.a_analysis), r.text),
      report: r.a_report === null || r.a_report === undefined ? [] : this.decode<ReportEntry[]>(r.a_report),
    };
  }

  getDocument(id: string): Promise<StoredDocument | null> {
    return this.guard('read a document', async () => {
      const r = await this.withAnalysis().where('documents.id', '=', id).executeTakeFirst();
      return r === undefined ? null : this.toStored(r as DocumentRowWithAnalysis);
    });
  }

  findDocumentByHash(contentHash: string): Promise<string | null> {
    return this.guard('look up a content hash', async () => {
      const r = await this.db.selectFrom('documents').select('id')
        .where('content_hash', '=', contentHash).orderBy('seq').limit(1).executeTakeFirst();
      return r?.id ?? null;
    });
  }

  /** Newest first, by (publishedAt else fetchedAt, id). */
  listDocuments(q: DocumentQuery = {}): Promise<Page<Document>> {
    return this.guard('list documents', async () => {
      const limit = pageSize(q.limit);
      let query = this.db.selectFrom('documents').selectAll();
      if (q.since !== undefined) query = query.where('sort_at', '>=', normaliseBound(q.since, 'since'));
      if (q.until !== undefined) query = query.where('sort_at', '<', normaliseBound(q.until, 'until'));
      if (q.sourceId !== undefined) query = query.where('source_id', '=', q.sourceId);
      if (q.cursor !== undefined) {
        const [sortAt, id] = decodeCursor(q.cursor);
        query = query.where((eb) => eb.or([
          eb('sort_at', '<', sortAt),
          eb.and([eb('sort_at', '=', sortAt), eb('id', '<', id)]),
        ]));
      }
      const rows = await query.orderBy('sort_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map(rowToDocument),
        nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.sort_at, last.id) : null,
      };
    });
  }

  countDocuments(): Promise<number> {
    return this.guard('count documents', async () => {
      const r = await this.db.selectFrom('documents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      return Number(r?.n ?? 0);
    });
  }

  documentVersions(id: string): Promise<DocumentVersion[]> {
    return this.guard('read document versions', async () => {
      const rows = await this.db.selectFrom('document_versions as v')
        .innerJoin('documents as d', 'd.id', 'v.document_id')
        .select(['v.document_id', 'v.version', 'v.content_hash', 'v.title', 'v.text', 'v.fetched_at', 'd.text as current_text'])
        .where('v.document_id', '=', id).orderBy('v.version').execute();
      return rows.map((r) => ({
        documentId: r.document_id,
        version: r.version,
        contentHash: r.content_hash,
        title: r.title,
        text: r.text ?? r.current_text,
        fetchedAt: r.fetched_at,
      }));
    });
  }

  indexPendingText(): Promise<void> {
    return this.guard('index new documents for search', async () => { await this.d.indexPendingText({ background: true }); });
  }

  search(query: string, opts: { limit?: number } = {}): Promise<SearchHit[]> {
    return this.guard('search', async () => {
      const parsed = parseSearchQuery(query);
      if (parsed.terms.length === 0) return [];
      // Documents stored since the last ingest finished (or by one that was killed) are found too.
      await this.d.indexPendingText({ background: false });
      return this.d.fullText.search(this.db, parsed, pageSize(opts.limit, 20));
    });
  }

  /**
   * Rows oldest first by (sort_at, id), keyset-paged so memory stays flat: `page` gives up to
   * `size` rows ordered by that key, after `from` when it is given (see `afterKey`).
   */
  private async *inTimeOrder<R extends { sort_at: string; id: string }>(
    what: string, batchSize: number, page: (from: [string, string] | null, size: number) => Promise<R[]>,
  ): AsyncIterable<R> {
    const size = pageSize(batchSize);
    let after: [string, string] | null = null;
    for (;;) {
      const from: [string, string] | null = after;
      const rows: R[] = await this.guard(what, () => page(from, size));
      yield* rows;
      const last = rows[rows.length - 1];
      if (rows.length < size || last === undefined) return;
      after = [last.sort_at, last.id];
    }
  }

  /** Documents that have an analysis, joined to it as `a`: what regrouping reads. */
  private analysed() {
    return this.db.selectFrom('documents').innerJoin('analyses as a', 'a.document_id', 'documents.id').where('a.analysis', 'is not', null);
  }

  /** Oldest first by (publishedAt else fetchedAt, id), keyset-paged so memory stays flat. */
  async *iterateDocuments(batchSize = 200): AsyncIterable<StoredDocument> {
    const rows = this.inTimeOrder('iterate documents', batchSize, (from, size) => {
      let q = this.withAnalysis();
      if (from !== null) q = q.where(afterKey(from));
      return q.orderBy('documents.sort_at').orderBy('documents.id').limit(size).execute();
    });
    for await (const r of rows) yield this.toStored(r as DocumentRowWithAnalysis);
  }

  async *iterateDocumentTexts(batchSize = 500, options: { newest?: number } = {}): AsyncIterable<Document> {
    // The newest N: the first page starts past the older ones (the offset walks the time index only).
    const skip = options.newest === undefined ? 0 : Math.max(0, (await this.countDocuments()) - Math.max(0, options.newest));
    const rows = this.inTimeOrder('iterate document texts', batchSize, (from, size) => {
      let q = this.db.selectFrom('documents').select(DOCUMENT_COLUMNS_BUT_HTML);
      if (from !== null) q = q.where(afterKey(from));
      const page = q.orderBy('documents.sort_at').orderBy('documents.id').limit(size);
      return (from === null && skip > 0 ? page.offset(skip) : page).execute();
    });
    for await (const r of rows) yield rowToDocument({ ...r, html: null } as DocumentRow);
  }

  /**
   * Every analysed document, oldest first, with an analysis cut down to what story grouping reads
   * (its digest) and without its HTML: regrouping parses less than half the bytes and keeps none of the rest.
   */
  async *iterateGroupingInputs(batchSize = 500, options: GroupingInputOptions = {}): AsyncIterable<StoredDocument & { analysis: Analysis }> {
    const only = options.only;
    const rows = this.inTimeOrder('iterate documents for grouping', batchSize, (from, size) => {
      let q = this.analysed()
        .select([...DOCUMENT_COLUMNS_BUT_HTML, 'a.digest'])
        // Rows stored before digests existed: the whole analysis, digested here.
        .select((eb) => eb.case().when('a.digest', 'is', null).then(eb.ref('a.analysis')).end().as('a_analysis'));
      if (from !== null) q = q.where(afterKey(from));
      return q.orderBy('documents.sort_at').orderBy('documents.id').limit(size).execute();
    });
    for await (const r of rows) {
      if (only && !only.has(r.id)) continue;
      const document = rowToDocument({ ...r, html: null } as DocumentRow);
      // Without a digest (rows stored before digests), the digest of the full analysis: unpacked
      // once, and span texts restored only for what the digest keeps.
      const analysis = r.digest !== null && r.digest !== undefined
        ? restoreAnalysis(this.decode(r.digest), r.text)
        : withSpanTexts(analysisDigest(unpackRecords(this.decode(r.a_analysis)) as Analysis), r.text);
      yield { document, analysis, report: [] };
    }
  }

  async *iterateGroupingRecords(batchSize = 500): AsyncIterable<StoredGroupingRecord> {
    const rows = this.inTimeOrder('iterate grouping records', batchSize, (from, size) => {
      let q = this.analysed().select(['documents.id', 'documents.sort_at', 'documents.content_hash', 'documents.source_id', 'a.grouping']);
      if (from !== null) q = q.where(afterKey(from));
      return q.orderBy('documents.sort_at').orderBy('documents.id').limit(size).execute();
    });
    for await (const r of rows) {
      let record: unknown = null;
      try {
        record = r.grouping === null || r.grouping === undefined ? null : this.decode<unknown>(r.grouping);
      } catch {
        // A damaged record is only a lost shortcut: the document is read in full instead.
      }
      yield { id: r.id, contentHash: r.content_hash, sourceId: r.source_id, record };
    }
  }

  saveGroupingRecords(records: readonly { documentId: string; contentHash: string; record: string }[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    const ids = records.map((r) => `d:${r.documentId}`).sort();
    return this.guard(`store ${records.length} grouping records`, () => this.d.writeTransaction([...new Set(ids)], async (db) => {
      for (const r of records) {
        await db.updateTable('analyses').set({ grouping: r.record })
          .where('document_id', '=', r.documentId)
          .where((eb) => eb.exists(eb.selectFrom('documents').select('documents.id')
            .where('documents.id', '=', r.documentId).where('documents.content_hash', '=', r.contentHash)))
          .execute();
      }
    }));
  }

  // ---- failures

  recordFailure(failure: StoredFailure): Promise<void> {
    return this.guard('record a failure', async () => {
      await this.db.insertInto('failures').values({
        input: failure.input, stage: failure.stage, code: failure.code, message: failure.message, at: failure.at,
      }).execute();
    });
  }

  /** Newest first. */
  listFailures(limit = 100): Promise<StoredFailure[]> {
    return this.guard('list failures', async () => {
      const rows = await this.db.selectFrom('failures').selectAll().orderBy('id', 'desc').limit(pageSize(limit, 100)).execute();
      return rows.map((r) => ({ input: r.input, stage: r.stage, code: r.code, message: r.message, at: r.at }));
    });
  }

  // ---- stories and comparisons

  /** Replaces every story; comparisons of stories that no longer exist are dropped. */
  replaceStories(stories: Story[]): Promise<void> {
    return this.guard('replace stories', () => this.d.writeTransaction(['stories'], async (db) => {
      await db.deleteFrom('story_documents').execute();
      await db.deleteFrom('stories').execute();
      const rows = stories.map((s, position) => ({
        id: s.id, title: s.title, start_at: s.start, end_at: s.end, position, payload: this.encode(s),
      }));
      for (const part of chunks(rows, 1000)) await db.insertInto('stories').values(part).execute();
      const links = stories.flatMap((s) => [...new Set(s.documentIds)].map((documentId, position) => ({
        story_id: s.id, document_id: documentId, position,
      })));
      for (const part of chunks(links, 5000)) await db.insertInto('story_documents').values(part).execute();
      await db.deleteFrom('comparisons')
        .where('story_id', 'not in', (eb) => eb.selectFrom('stories').select('id')).execute();
    }));
  }

  /** Newest first by start; `since` keeps stories that end on or after it. */
  listStories(q: { since?: string; limit?: number } = {}): Promise<Story[]> {
    return this.guard('list stories', async () => {
      let query = this.db.selectFrom('stories').select('payload');
      if (q.since !== undefined) query = query.where('end_at', '>=', q.since);
      query = query.orderBy('start_at', 'desc').orderBy('id');
      if (q.limit !== undefined) query = query.limit(pageSize(q.limit, 100));
      const rows = await query.execute();
      return rows.map((r) => this.decode<Story>(r.payload));
    });
  }

  getStory(id: string): Promise<Story | null> {
    return this.guard('read a story', async () => {
      const r = await this.db.selectFrom('stories').select('payload').where('id', '=', id).executeTakeFirst();
      return r === undefined ? null : this.decode<Story>(r.payload);
    });
  }

  saveComparison(storyId: string, comparison: Comparison): Promise<void> {
    return this.guard('save a comparison', async () => {
      const row = { story_id: storyId, payload: this.encode(comparison), saved_at: this.now().toISOString() };
      await this.db.insertInto('comparisons').values(row)
        .onConflict((oc) => oc.column('story_id').doUpdateSet({ payload: row.payload, saved_at: row.saved_at }))
        .execute();
    });
  }

  getComparison(storyId: string): Promise<Comparison | null> {
    return this.guard('read a comparison', async () => {
      const r = await this.db.selectFrom('comparisons').select('payload').where('story_id', '=', storyId).executeTakeFirst();
      return r === undefined ? null : this.decode<Comparison>(r.payload);
    });
  }

  // ---- feed states

  private rowToFeedState(r: Selectable<Database['feed_states']>): FeedState {
    return {
      url: r.url,
      sourceId: r.source_id,
      etag: r.etag,
      lastModified: r.last_modified,
      bodyHash: r.body_hash,
      intervalSeconds: r.interval_seconds,
      nextPollAt: r.next_poll_at,
      failures: r.failures,
      disabled: r.disabled !== 0,
      lastError: r.last_error,
    };
  }

  getFeedState(url: string): Promise<FeedState | null> {
    return this.guard('read a feed state', async () => {
      const r = await this.db.selectFrom('feed_states').selectAll().where('url', '=', url).executeTakeFirst();
      return r === undefined ? null : this.rowToFeedState(r);
    });
  }

  putFeedState(s: FeedState): Promise<void> {
    return this.guard('save a feed state', async () => {
      const row = {
        url: s.url, source_id: s.sourceId, etag: s.etag, last_modified: s.lastModified, body_hash: s.bodyHash,
        interval_seconds: Math.trunc(s.intervalSeconds), next_poll_at: s.nextPollAt, failures: Math.trunc(s.failures),
        disabled: s.disabled ? 1 : 0, last_error: s.lastError,
      };
      const { url: _url, ...update } = row;
      await this.db.insertInto('feed_states').values(row)
        .onConflict((oc) => oc.column('url').doUpdateSet(update)).execute();
    });
  }

  listFeedStates(): Promise<FeedState[]> {
    return this.guard('list feed states', async () => {
      const rows = await this.db.selectFrom('feed_states').selectAll().orderBy('url').execute();
      return rows.map((r) => this.rowToFeedState(r));
    });
  }
}
