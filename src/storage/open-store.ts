// The one entry point to storage: a URL picks the adapter. A path, `sqlite:` URL or `:memory:`
// opens SQLite; `postgres://` or `postgresql://` opens PostgreSQL.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ReadoutError } from '../domain/index.js';
import { KyselyStore } from './kysely-store.js';
import { createPostgresDialect } from './postgres/dialect.js';
import { createSqliteDialect } from './sqlite/dialect.js';
import type { StartThread, StoreDialect } from './store-dialect.js';

const OpenStoreOptions = z.object({
  /** PostgreSQL only: keep every table in this schema (created if absent). Tests use a fresh one. */
  schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'use lower-case letters, digits and _').optional(),
  /** Run pending migrations before returning (default true). */
  migrate: z.boolean().default(true),
  /** PostgreSQL connection pool size. */
  poolSize: z.number().int().min(1).max(100).optional(),
  /** SQLite: how long a writer waits for another process's lock. */
  busyTimeoutMs: z.number().int().min(0).optional(),
  /** SQLite: how to start a thread, so a large search-indexing backlog is worked off beside other work. */
  startThread: z.custom<StartThread>((v) => typeof v === 'function', 'startThread must be a function').optional(),
}).strict();

export type OpenStoreOptions = z.input<typeof OpenStoreOptions>;

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string };

/** Which database a --db value names. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const trimmed = url.trim();
  if (trimmed === '') throw new ReadoutError('E_CONFIG', 'the database URL is empty; pass a file path, sqlite:PATH or postgres://…');
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { kind: 'postgres', url: trimmed };
  if (trimmed === ':memory:' || trimmed === 'sqlite::memory:') return { kind: 'sqlite', file: ':memory:' };
  if (trimmed.startsWith('sqlite://')) return { kind: 'sqlite', file: fileURLToPath(`file://${trimmed.slice('sqlite://'.length)}`) };
  if (trimmed.startsWith('sqlite:')) return { kind: 'sqlite', file: trimmed.slice('sqlite:'.length) };
  if (trimmed.startsWith('file:')) return { kind: 'sqlite', file: fileURLToPath(trimmed) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new ReadoutError('E_CONFIG', `database URL scheme of "${trimmed.split(':')[0]}" is not supported; use a file path, sqlite:PATH or postgres://…`);
  }
  return { kind: 'sqlite', file: trimmed };
}

/** Opens (and by default migrates) the store a URL names. */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<KyselyStore> {
  const parsed = OpenStoreOptions.safeParse(options);
  if (!parsed.success) {
    throw new ReadoutError('E_CONFIG', `store options are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const opts = parsed.data;
  const target = parseDatabaseUrl(url);
  let dialect: StoreDialect;
  if (target.kind === 'postgres') {
    dialect = createPostgresDialect({
      url: target.url,
      ...(opts.schema === undefined ? {} : { schema: opts.schema }),
      ...(opts.poolSize === undefined ? {} : { poolSize: opts.poolSize }),
    });
  } else {
    if (opts.schema !== undefined) throw new ReadoutError('E_CONFIG', 'the schema option applies to PostgreSQL only; drop it for SQLite');
    dialect = createSqliteDialect({
      file: target.file,
      ...(opts.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: opts.busyTimeoutMs }),
      ...(opts.startThread === undefined ? {} : { startThread: opts.startThread }),
    });
  }
  const store = new KyselyStore(dialect);
  if (opts.migrate) {
    try {
      await store.migrate();
    } catch (e) {
      await store.close().catch(() => undefined);
      throw e;
    }
  }
  return store;
}
