// A quiet edit to an official statement: both versions are kept and the change is visible.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp, type ReadoutApp } from '../src/app/index.js';

const dir = mkdtempSync(join(tmpdir(), 'readout-versions-'));
let app: ReadoutApp | null = null;
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const statement = (body: string): Uint8Array => new TextEncoder().encode(
  `---\ntitle: "Readout of a call"\nsource: china-mfa\nurl: https://www.fmprc.gov.cn/eng/example-readout.html\npublished: 2025-11-24T20:00:00+08:00\n---\n\n${body}\n`,
);

describe('document versions', () => {
  it('keeps both versions of an edited statement and shows which sentence changed', async () => {
    app = await openApp({ db: join(dir, 'v.db') });
    const first = await app.ingestBytes({ bytes: statement('Wang Yi held talks with Marco Rubio by phone. Both sides agreed to keep in touch. The talks were candid.'), fileName: 'a.md' });
    expect(first.status).toBe('stored');
    const same = await app.ingestBytes({ bytes: statement('Wang Yi held talks with Marco Rubio by phone. Both sides agreed to keep in touch. The talks were candid.'), fileName: 'a.md' });
    expect(same).toMatchObject({ status: 'duplicate', id: first.id });
    const edited = await app.ingestBytes({ bytes: statement('Wang Yi held talks with Marco Rubio by phone. Both sides agreed to keep in close touch on Taiwan. The talks were candid.'), fileName: 'a.md' });
    expect(edited).toMatchObject({ status: 'updated', id: first.id });

    const versions = await app.documentVersions(first.id!);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0]!.text).toContain('agreed to keep in touch.');
    expect(versions[1]!.text).toContain('keep in close touch on Taiwan');
    expect(versions[1]!.changes).toEqual([
      { op: 'changed', before: 'Both sides agreed to keep in touch.', after: 'Both sides agreed to keep in close touch on Taiwan.' },
    ]);
    const current = await app.getDocument(first.id!);
    expect(current?.document.text).toContain('close touch on Taiwan');
    expect(current?.analysis?.issues.map((i) => i.id)).toContain('taiwan');
  });
});
