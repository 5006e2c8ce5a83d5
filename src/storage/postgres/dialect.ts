// PostgreSQL through a pg Pool. Write transactions take transaction-scoped advisory locks on the
// keys they decide on, so concurrent workers storing the same document serialise instead of
// racing; migrations take one database-wide advisory lock.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ReadoutError } from '../../domain/index.js';
import { inTransaction } from '../connection-transaction.js';
import type { Database as Tables } from '../database-schema.js';
import { jsonCodec } from '../json-codec.js';
import type { StoreDialect } from '../store-dialect.js';
import { postgresFullText } from './full-text.js';
import { postgresDdl } from './migrations.js';

export interface PostgresDialectOptions {
  url: string;
  /** Schema to keep every table in (created by migrate); default: the server's search_path. */
  schema?: string;
  poolSize?: number;
}

/** Arbitrary constant: "readout" in ASCII, the key of the migration advisory lock. */
const MIGRATION_LOCK_KEY = 0x726561646f7574n;

export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ReadoutError('E_CONFIG', `schema name "${schema}" is invalid; use lower-case letters, digits and _ only`);
  }
  return schema;
}

export function createPostgresDialect(options: PostgresDialectOptions): StoreDialect {
  const schema = options.schema === undefined ? undefined : assertSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 8,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    name: 'postgres',
    db,
    json: jsonCodec((bytes) => sql`convert_from(${bytes}, 'UTF8')::jsonb`),
    ddl: postgresDdl,
    fullText: postgresFullText,
    writeTransaction: (keys, fn) => inTransaction(db, 'begin', async (conn) => {
      // One round trip for all keys, taken in the given order (WITH ORDINALITY keeps it).
      if (keys.length > 0) {
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(${[...keys]}::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i`.execute(conn);
      }
      return fn(conn);
    }),
    // Advisory locks order every conflicting writer, so there is nothing transient to retry.
    retry: (fn) => fn(),
    withMigrationLock: (fn) => inTransaction(db, 'begin', async (conn) => {
      await sql`SELECT pg_advisory_xact_lock(${sql.lit(Number(MIGRATION_LOCK_KEY))})`.execute(conn);
      if (schema !== undefined) await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${schema}`).execute(conn);
      return fn(conn);
    }),
    // The tsvector column is current as soon as its row is committed.
    indexPendingText: async () => 0,
    async sizeBytes() {
      const r = await sql<{ bytes: string }>`
        SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text AS bytes
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')`.execute(db);
      return Number(r.rows[0]?.bytes ?? 0);
    },
    close: () => db.destroy(),
  };
}
