// What a database dialect contributes to the shared Kysely store. src/storage/sqlite and
// src/storage/postgres each provide the same three files (dialect.ts, full-text.ts,
// migrations.ts) that together build one of these; everything else is shared.
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
}

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
  /** Bytes the store occupies on disk. */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}
