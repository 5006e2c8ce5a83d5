// One ordered list of migrations for both dialects. Each step is written once against Kysely's
// schema builder and asks the dialect only for what really differs (JSON type, the surrogate key,
// full-text indexing). Applied names are recorded in `readout_migrations`; the runner holds the
// dialect's migration lock, so several processes may call migrate() at once.
import { sql } from 'kysely';
import type { Db, DialectDdl, StoreDialect } from './store-dialect.js';

export interface Migration {
  name: string;
  up(db: Db, ddl: DialectDdl): Promise<void>;
}

async function createCoreTables(db: Db, ddl: DialectDdl): Promise<void> {
  await db.schema.createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('homepage', 'text')
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('feeds', ddl.jsonType, (c) => c.notNull())
    .execute();

  await db.schema.createTable('documents')
    .addColumn('seq', ddl.seqType, (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('url', 'text')
    .addColumn('canonical_url', 'text')
    .addColumn('source_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('byline', 'text')
    .addColumn('published_at', 'text')
    .addColumn('modified_at', 'text')
    .addColumn('sort_at', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('site_name', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('extractor_name', 'text', (c) => c.notNull())
    .addColumn('extractor_version', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .execute();
  await db.schema.createIndex('documents_content_hash_idx').on('documents').column('content_hash').execute();
  await db.schema.createIndex('documents_sort_idx').on('documents').columns(['sort_at', 'id']).execute();
  await db.schema.createIndex('documents_source_sort_idx').on('documents').columns(['source_id', 'sort_at', 'id']).execute();

  await db.schema.createTable('document_versions')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_versions_pk', ['document_id', 'version'])
    .addUniqueConstraint('document_versions_hash_uq', ['document_id', 'content_hash'])
    .execute();

  await db.schema.createTable('analyses')
    .addColumn('document_id', 'text', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
    .addColumn('analysis', ddl.jsonType)
    .addColumn('report', ddl.jsonType, (c) => c.notNull())
    .addColumn('input_hash', 'text', (c) => c.notNull())
    .addColumn('stage_versions', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('failures')
    .addColumn('id', ddl.seqType, (c) => c.primaryKey())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('stories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('payload', ddl.jsonType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stories_start_idx').on('stories').columns(['start_at', 'id']).execute();
  await db.schema.createIndex('stories_end_idx').on('stories').column('end_at').execute();

  // No foreign key to documents: stories are derived data and are rebuilt wholesale.
  await db.schema.createTable('story_documents')
    .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_documents_pk', ['story_id', 'document_id'])
    .execute();
  await db.schema.createIndex('story_documents_document_idx').on('story_documents').column('document_id').execute();

  await db.schema.createTable('comparisons')
    .addColumn('story_id', 'text', (c) => c.primaryKey())
    .addColumn('payload', ddl.jsonType, (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('feed_states')
    .addColumn('url', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text')
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('body_hash', 'text')
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('next_poll_at', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .execute();
}

export const MIGRATIONS: readonly Migration[] = [
  { name: '0001_core_tables', up: createCoreTables },
  { name: '0002_full_text', up: (db, ddl) => ddl.installFullText(db) },
  // Story grouping reads a tenth of each analysis; keeping that part apart spares parsing the rest.
  { name: '0003_analysis_digest', up: async (db, ddl) => { await db.schema.alterTable('analyses').addColumn('digest', ddl.jsonType).execute(); } },
  { name: '0004_grouping_record', up: async (db, ddl) => { await db.schema.alterTable('analyses').addColumn('grouping', ddl.jsonType).execute(); } },
  // SQLite: tokenising a document for search left the writing transaction (a fifth of an ingest's store time).
  { name: '0005_deferred_full_text', up: (db, ddl) => ddl.deferFullText(db) },
];

/** Applies every migration not yet recorded, in order, in one transaction. Returns their names. */
export async function runMigrations(dialect: StoreDialect, now: () => Date = () => new Date()): Promise<string[]> {
  return dialect.withMigrationLock(async (db) => {
    await db.schema.createTable('readout_migrations').ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
    const done = new Set((await db.selectFrom('readout_migrations').select('name').execute()).map((r) => r.name));
    const applied: string[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.name)) continue;
      await m.up(db, dialect.ddl);
      await db.insertInto('readout_migrations').values({ name: m.name, applied_at: now().toISOString() }).execute();
      applied.push(m.name);
    }
    return applied;
  });
}
