// Databases for contract, queue and crash tests: a temp SQLite file, or a fresh PostgreSQL schema
// that is dropped afterwards. PostgreSQL being unreachable is a failure, not a skip, unless
// READOUT_SKIP_PG=1 says so explicitly.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG_URL = process.env.READOUT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const SKIP_PG = process.env.READOUT_SKIP_PG === '1';

/** null when PostgreSQL answers, else a message that says what to do. */
export async function pgUnreachableReason(url = PG_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return `PostgreSQL is not reachable at ${url} (${(e as Error).message}); start it `
      + '(pg_ctlcluster --skip-systemctl-redirect <version> main start), point READOUT_TEST_PG_URL at one, '
      + 'or set READOUT_SKIP_PG=1 to skip the PostgreSQL runs on purpose';
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Throws the clear message when PostgreSQL is down (call it in beforeAll of a PG suite). */
export async function requirePg(url = PG_URL): Promise<void> {
  const reason = await pgUnreachableReason(url);
  if (reason !== null) throw new Error(reason);
}

export function freshSchemaName(prefix: string): string {
  return `t_${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
}

export async function dropSchemas(schemas: readonly string[], url = PG_URL): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await client.end();
  }
}

export interface TempDir {
  dir: string;
  file(name: string): string;
  remove(): void;
}

export function tempDir(prefix: string): TempDir {
  const dir = mkdtempSync(join(tmpdir(), `readout-${prefix}-`));
  return {
    dir,
    file: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A client on the given schema, for integrity queries in tests. */
export async function pgClient(schema: string, url = PG_URL): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  return client;
}
