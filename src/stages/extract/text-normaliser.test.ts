import { describe, expect, it } from 'vitest';
import { contentHashOf, normaliseForHash } from './text-normaliser.js';

describe('normaliseForHash', () => {
  it('collapses every whitespace run to one space, as /\\s+/ does, and trims', () => {
    const pieces = ['a', 'Xi', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u2028', '\ufeff', ' \t ', '.'];
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 5000; i++) {
      let s = '';
      for (let n = next() % 12; n > 0; n--) s += pieces[next() % pieces.length];
      expect(normaliseForHash(s)).toBe(s.normalize('NFC').replace(/\s+/gu, ' ').trim());
    }
  });

  it('hashes re-wrapped and re-indented copies of a text alike', () => {
    expect(contentHashOf('One  sentence,\n\tre-wrapped.')).toBe(contentHashOf(' One sentence, re-wrapped. '));
    expect(contentHashOf('caf\u0065\u0301')).toBe(contentHashOf('caf\u00e9'));
    expect(contentHashOf('a b')).not.toBe(contentHashOf('ab'));
  });
});
