// Opens the work queue a database URL names: SQLite (a file beside, in fact inside, the store's
// database) or PostgreSQL (graphile-worker).
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ReadoutError } from '../domain/index.js';
import { openPostgresQueue } from './postgres-queue.js';
import { openSqliteQueue } from './sqlite-queue.js';
import type { WorkQueue } from './work-queue.js';

const OpenQueueOptions = z.object({
  /** PostgreSQL only: schema for the queue tables (graphile-worker's go to `<schema>_worker`). */
  schema: z.string().regex(/^[a-z_][a-z0-9_]{0,50}$/, 'use lower-case letters, digits and _').optional(),
  /** How long a job stays claimed by a silent (killed) worker before another may take it. */
  leaseMs: z.number().int().min(50).optional(),
  poolSize: z.number().int().min(1).max(100).optional(),
  onLog: z.custom<(level: string, message: string) => void>((v) => typeof v === 'function').optional(),
}).strict();

export type OpenQueueOptions = z.input<typeof OpenQueueOptions>;

export async function openQueue(url: string, options: OpenQueueOptions = {}): Promise<WorkQueue> {
  const parsed = OpenQueueOptions.safeParse(options);
  if (!parsed.success) {
    throw new ReadoutError('E_CONFIG', `queue options are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const o = parsed.data;
  const u = url.trim();
  if (/^postgres(ql)?:\/\//i.test(u)) {
    return openPostgresQueue({
      url: u,
      ...(o.schema === undefined ? {} : { schema: o.schema }),
      ...(o.leaseMs === undefined ? {} : { leaseMs: o.leaseMs }),
      ...(o.poolSize === undefined ? {} : { poolSize: o.poolSize }),
      ...(o.onLog === undefined ? {} : { onLog: o.onLog }),
    });
  }
  if (o.schema !== undefined) throw new ReadoutError('E_CONFIG', 'the schema option applies to PostgreSQL only; drop it for SQLite');
  let file: string;
  if (u === ':memory:' || u === 'sqlite::memory:') file = ':memory:';
  else if (u.startsWith('sqlite://')) file = fileURLToPath(`file://${u.slice('sqlite://'.length)}`);
  else if (u.startsWith('sqlite:')) file = u.slice('sqlite:'.length);
  else if (u.startsWith('file:')) file = fileURLToPath(u);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u) || u === '') {
    throw new ReadoutError('E_CONFIG', `queue URL "${u}" is not supported; use a file path, sqlite:PATH or postgres://…`);
  } else file = u;
  return openSqliteQueue({ file, ...(o.leaseMs === undefined ? {} : { leaseMs: o.leaseMs }) });
}
