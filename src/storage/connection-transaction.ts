// A transaction on one pinned connection, begun with the dialect's own statement (BEGIN IMMEDIATE
// on SQLite takes the write lock up front, so two writers never deadlock upgrading a read lock).
import { sql } from 'kysely';
import type { Db } from './store-dialect.js';

export async function inTransaction<T>(
  db: Db,
  begin: string,
  fn: (conn: Db) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql.raw(begin).execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (e) {
      await sql.raw('rollback').execute(conn).catch(() => undefined);
      throw e;
    }
    await sql.raw('commit').execute(conn);
    return result;
  });
}
