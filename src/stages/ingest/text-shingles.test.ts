import { describe, expect, it } from 'vitest';
import { shingleHashes, tokenize, wordHashes } from '../stories/text-features.js';
import { passageHashes } from './text-shingles.js';

/** The definition: distinct k-word window hashes cut to 30 bits, in order of first occurrence. */
function reference(tokens: string[], k: number): number[] {
  if (tokens.length === 0) return [];
  const out = new Set<number>();
  for (const h of shingleHashes(tokens, Math.min(k, tokens.length))) out.add(h >>> 2);
  return [...out];
}

const passagesOf = (text: string, k = 8): Uint32Array => passageHashes(wordHashes(tokenize(text)), k);

describe('passageHashes', () => {
  it('gives the distinct 30-bit window hashes of the words, in order of first occurrence', () => {
    const words = ['xi', 'trump', 'call', 'soybeans', 'taiwan', 'the', 'said', 'on'];
    let seed = 11;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 400; i++) {
      // Few distinct words, so windows repeat and the dedup is exercised.
      const tokens = Array.from({ length: next() % 60 }, () => words[next() % words.length]!);
      for (const k of [3, 8]) expect([...passageHashes(wordHashes(tokens), k)]).toEqual(reference(tokens, k));
    }
  });

  it('gives a text shorter than the window one passage, and an empty text none', () => {
    expect(passagesOf('Xi called Trump')).toHaveLength(1);
    expect(passagesOf('')).toHaveLength(0);
    const text = 'The two leaders spoke by phone on Monday about trade and Taiwan.';
    expect(passagesOf(text)).toEqual(passagesOf(text.toUpperCase()));
    expect(passagesOf(text)).toEqual(passagesOf(`  ${text.replace(/ /g, '\n')} `));
  });
});
