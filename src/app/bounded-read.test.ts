import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { readCapped, readFileCapped } from './bounded-read.js';

const dir = mkdtempSync(join(tmpdir(), 'readout-bounded-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

describe('readFileCapped', () => {
  it('reads a file whole, empty files included', async () => {
    const text = 'Xi and Trump spoke by phone. '.repeat(300);
    expect(Buffer.from(await readFileCapped(file('a.txt', text), text.length, 1 << 20, 'a.txt')).toString()).toBe(text);
    expect(await readFileCapped(file('empty.txt', ''), 0, 1 << 20, 'empty.txt')).toHaveLength(0);
  });

  it('reads a file that grew after it was measured', async () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => i % 251);
    expect(await readFileCapped(file('grown.bin', bytes), 10, 1 << 20, 'grown.bin')).toEqual(bytes);
  });

  it('refuses a file past the cap even when it was measured under it', async () => {
    const p = file('big.txt', 'x'.repeat(5000));
    await expect(readFileCapped(p, 100, 4096, 'big.txt')).rejects.toMatchObject({ code: 'E_TOO_LARGE' });
    expect(await readFileCapped(p, 100, 5000, 'big.txt')).toHaveLength(5000);
  });
});

describe('readCapped', () => {
  it('joins a stream and refuses one past the cap', async () => {
    const chunks = [Buffer.from('abc'), Buffer.from('def')];
    expect(Buffer.from(await readCapped(Readable.from(chunks), 6, 'stdin')).toString()).toBe('abcdef');
    await expect(readCapped(Readable.from(chunks), 5, 'stdin')).rejects.toMatchObject({ code: 'E_TOO_LARGE' });
  });
});
