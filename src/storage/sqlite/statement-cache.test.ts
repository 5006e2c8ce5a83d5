import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './dialect.js';

describe('withStatementCache', () => {
  const open = () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (n INTEGER)');
    db.prepare('INSERT INTO t VALUES (1), (2), (3)').run();
    return db;
  };

  it('reuses the statement prepared for the same SQL', () => {
    const cached = withStatementCache(open());
    const a = cached.prepare('SELECT n FROM t');
    expect(cached.prepare('SELECT n FROM t')).toBe(a);
    expect(cached.prepare('SELECT n FROM t WHERE n > 1')).not.toBe(a);
  });

  it('prepares a fresh statement while the cached one is still being iterated', () => {
    const cached = withStatementCache(open());
    const outer = cached.prepare('SELECT n FROM t');
    const seen: number[] = [];
    for (const row of outer.iterate([]) as IterableIterator<{ n: number }>) {
      // A nested read of the same SQL (two streams at once) must not reuse the busy statement.
      const inner = cached.prepare('SELECT n FROM t');
      expect(inner).not.toBe(outer);
      seen.push(row.n, (inner.all([]) as { n: number }[]).length);
    }
    expect(seen).toEqual([1, 3, 2, 3, 3, 3]);
    expect(cached.prepare('SELECT n FROM t')).toBe(outer);
  });

  it('keeps at most `size` statements, dropping the least recently used', () => {
    const cached = withStatementCache(open(), 2);
    const a = cached.prepare('SELECT 1');
    const b = cached.prepare('SELECT 2');
    expect(cached.prepare('SELECT 1')).toBe(a);
    cached.prepare('SELECT 3');
    expect(cached.prepare('SELECT 1')).toBe(a);
    expect(cached.prepare('SELECT 2')).not.toBe(b);
  });
});
