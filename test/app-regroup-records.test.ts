// Regrouping reads each document's grouping record, made when it was analysed. Rows without a
// usable one (stored before records existed, damaged, or made with other stop words) are read
// in full instead, to the same stories, and get their record stored for next time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp, type ReadoutApp } from '../src/app/index.js';

const SAMPLES = fileURLToPath(new URL('../samples/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'readout-regroup-'));
const apps: ReadoutApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
  rmSync(dir, { recursive: true, force: true });
});

const extra = join(dir, 'extra.md');
writeFileSync(extra, '---\ntitle: "Wang Yi and Marco Rubio speak by phone"\nsource: china-mfa\npublished: 2025-11-27T10:00:00Z\n---\n\n'
  + 'Chinese Foreign Minister Wang Yi spoke with US Secretary of State Marco Rubio by phone on Thursday. '
  + 'The two discussed trade and the follow-up to the leaders\' call.\n');

async function storiesOf(app: ReadoutApp): Promise<{ id: string; documentIds: string[] }[]> {
  return (await app.listStories({ limit: 500 })).map((s) => ({ id: s.id, documentIds: [...s.documentIds].sort() }));
}

describe('regrouping from grouping records', () => {
  it('gives the same stories whether records are read or documents are read in full, and stores missing records', async () => {
    const reference = await openApp({ db: join(dir, 'reference.db') });
    apps.push(reference);
    await reference.ingest([SAMPLES, extra]);
    const expected = await storiesOf(reference);
    expect(expected.length).toBeGreaterThan(3);

    const db = join(dir, 'old-rows.db');
    const app = await openApp({ db });
    apps.push(app);
    await app.ingest([SAMPLES]);
    const raw = new BetterSqlite3(db);
    try {
      const count = (where: string) => (raw.prepare(`SELECT count(*) AS n FROM analyses WHERE ${where}`).get() as { n: number }).n;
      expect(count('grouping IS NULL')).toBe(0);
      // As rows written before records existed, a damaged one, and one made with other stop words.
      raw.exec(`UPDATE analyses SET grouping = NULL WHERE rowid % 2 = 0`);
      raw.exec(`UPDATE analyses SET grouping = '{"id":"x"}' WHERE rowid = 1`);
      raw.exec(`UPDATE analyses SET grouping = json_set(grouping, '$.key', 'g0-other') WHERE rowid = 3`);
      expect(count('grouping IS NULL')).toBeGreaterThan(10);
      // Storing one more document regroups the whole store.
      expect((await app.ingest([extra])).stored).toBe(1);
      expect(await storiesOf(app)).toEqual(expected);
      expect(count('grouping IS NULL')).toBe(0);
      expect(count(`json_extract(grouping, '$.key') = 'g0-other'`)).toBe(0);
    } finally {
      raw.close();
    }
  }, 120_000);
});
