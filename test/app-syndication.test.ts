// A wire copy ingested in a later run is linked to its original already in the store: each ingest
// starts its syndication detector from the store's newest documents (their texts only).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/app/index.js';

const dir = mkdtempSync(join(tmpdir(), 'readout-syndication-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const body = 'BEIJING, Nov. 24 (Xinhua) -- Chinese President Xi Jinping spoke with U.S. President Donald Trump on the phone on Monday. '
  + 'Xi said that China and the United States should keep up the positive momentum of their relations and expand cooperation in trade, '
  + 'agriculture and the fight against drug trafficking, while respecting each other\'s core interests. '
  + 'Trump said the United States attaches great importance to its relationship with China and looks forward to the visit in April.';
const file = (name: string, source: string, published: string, title: string, extra = ''): string => {
  const p = join(dir, name);
  writeFileSync(p, `---\ntitle: "${title}"\nsource: ${source}\npublished: ${published}\n---\n\n${body}${extra}\n`);
  return p;
};

describe('syndication across ingests', () => {
  it('links a copy ingested later to the stored original, after the app was reopened', async () => {
    const db = join(dir, 'store.db');
    const first = await openApp({ db });
    await first.ingest([file('original.md', 'xinhua', '2025-11-24T14:00:00Z', 'Xi speaks with Trump by phone')]);
    const originalId = (await first.listDocuments({ limit: 10 })).items[0]!.id;
    await first.close();

    const second = await openApp({ db });
    try {
      const summary = await second.ingest([file('copy.md', 'global-times', '2025-11-24T16:00:00Z', 'Xi, Trump hold phone call', ' Analysts in Beijing welcomed the call.')]);
      expect(summary.stored).toBe(1);
      const copy = (await second.listDocuments({ limit: 10 })).items.find((d) => d.id !== originalId)!;
      const report = (await second.getDocument(copy.id))!.report;
      expect(report.find((e) => e.stage === 'syndication')).toMatchObject({ code: 'I_SYNDICATED' });
      expect(report.find((e) => e.stage === 'syndication')!.message).toContain(originalId);
    } finally {
      await second.close();
    }
  }, 60_000);
});
