// What a database dialect contributes to the shared Kysely store. src/storage/sqlite and
// src/storage/postgres each provide the same three files (dialect.ts, full-text.ts,
// migrations.ts) that together build one of these; everything else is shared.
import type { Worker } from 'node:worker_threads';
import type { Kysely, RawBuilder } from 'kysely';
import type { SearchHit } from '../domain/index.js';
import type { Database } from './database-schema.js';
import type { ParsedQuery } from './search-query.js';

export type Db = Kysely<Database>;

/** Dialect-specific DDL the shared migration list calls into. */
export interface DialectDdl {
  /** Column type for JSON payloads: TEXT on SQLite, JSONB on PostgreSQL. */
  readonly jsonType: 'text' | 'jsonb';
  /** Column type of the surrogate `documents.seq` key (auto-incrementing). */
  readonly seqType: 'integer' | 'bigserial';
  /** Creates the full-text index over documents(title, text) and whatever keeps it current. */
  installFullText(db: Db): Promise<void>;
  /** Moves indexing new documents out of the writing transaction (see indexPendingText), where the dialect does that. */
  deferFullText(db: Db): Promise<void>;
}

/**
 * Starts a thread running the module at `entry` (the composition root knows how: from dist/ or
 * from TypeScript sources). A dialect without one does its background work inline.
 */
export type StartThread = (entry: URL, workerData: unknown) => Worker;

export interface FullTextSearch {
  search(db: Db, query: ParsedQuery, limit: number): Promise<SearchHit[]>;
}

export interface JsonCodec {
  encode(value: unknown): unknown;
  decode(raw: unknown): unknown;
  /**
   * A JSON column value from its UTF-8 bytes, decoded by the database: the bytes an analysis
   * thread hands over are written without becoming a string on the writing thread.
   */
  fromUtf8(bytes: Uint8Array): RawBuilder<unknown>;
}

export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres';
  readonly db: Db;
  readonly json: JsonCodec;
  readonly ddl: DialectDdl;
  readonly fullText: FullTextSearch;
  /**
   * Runs `fn` on one connection inside a write transaction. `lockKeys` name what the transaction
   * decides on (a document id, a content hash); concurrent writers on the same keys are
   * serialised (advisory locks on PostgreSQL, BEGIN IMMEDIATE on SQLite).
   */
  writeTransaction<T>(lockKeys: readonly string[], fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * Runs a whole store operation, retrying it when the database reports a transient lock
   * conflict. Safe because every operation is one statement or one transaction.
   */
  retry<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` in a transaction holding the database-wide migration lock. */
  withMigrationLock<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * Indexes for search the documents stored since the last call, when the dialect defers that
   * (SQLite); `background` lets a large backlog be indexed on a thread of its own. Resolves when
   * every document stored before the call is searchable. Returns how many were indexed.
   */
  indexPendingText(options: { background: boolean }): Promise<number>;
  /** Bytes the store occupies on disk. */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}
