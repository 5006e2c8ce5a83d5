import { describe, expect, it } from 'vitest';
import { shingleHashes } from '../stories/text-features.js';
import { passageHashes, wordTokens } from './text-shingles.js';

/** The definition: distinct window hashes cut to 30 bits, in order of first occurrence. */
function reference(tokens: string[], k: number): number[] {
  if (tokens.length === 0) return [];
  const out = new Set<number>();
  for (const h of shingleHashes(tokens, Math.min(k, tokens.length))) out.add(h >>> 2);
  return [...out];
}

describe('passageHashes', () => {
  it('gives the distinct 30-bit window hashes in order of first occurrence', () => {
    const words = ['xi', 'trump', 'call', 'soybeans', 'taiwan', 'the', 'said', 'on'];
    let seed = 11;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 400; i++) {
      // Few distinct words, so windows repeat and the dedup is exercised.
      const tokens = Array.from({ length: next() % 60 }, () => words[next() % words.length]!);
      for (const k of [3, 8]) expect([...passageHashes(tokens, k)]).toEqual(reference(tokens, k));
    }
  });

  it('gives a text shorter than the window one passage, and an empty text none', () => {
    expect(passageHashes(wordTokens('Xi called Trump'), 8)).toHaveLength(1);
    expect(passageHashes([], 8)).toHaveLength(0);
    const text = 'The two leaders spoke by phone on Monday about trade and Taiwan.';
    expect(passageHashes(wordTokens(text), 8)).toEqual(passageHashes(wordTokens(text.toUpperCase()), 8));
  });
});
